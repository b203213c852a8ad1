package io.jdm.cli;

import java.util.Collection;

/** The short usage printed on {@code help} and after every usage error, in dmsetup's layout. */
final class Usage {
    private Usage() {
    }

    static String text(Collection<Subcommand> commands) {
        StringBuilder sb = new StringBuilder("""
                Usage:

                jdm
                        [--version] [-h|--help] [-v|--verbose] [-f|--force]
                        [-r|--readonly] [--noflush] [--nolockfs] [--inactive]
                        [-c|-C|--columns] [-o <fields>] [--noheadings] [--separator <separator>]
                        [--json] [--noudevsync]

                """);
        for (Subcommand c : commands) {
            sb.append('\t').append(c.name());
            if (!c.synopsis().isEmpty()) {
                sb.append(' ').append(c.synopsis());
            }
            sb.append('\n');
        }
        sb.append("""

                <device> may be device name or (if only one) -u <uuid> or -j <major> -m <minor>
                <fields> are comma-separated: name, uuid, blkdevname, attr, devno, major, minor,
                         open, segments, events, device_count.
                Table_file contents may be supplied on stdin.
                Options are: devno, devname, blkdevname.
                Tree specific options are: ascii, utf, vt100; compact, inverted, notrunc;
                                           blkdevname, [no]device, active, open, rw and uuid.
                """);
        return sb.toString();
    }
}
