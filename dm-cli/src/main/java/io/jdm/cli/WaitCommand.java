package io.jdm.cli;

import io.jdm.api.DeviceRef;
import io.jdm.api.QueryOptions;
import io.jdm.api.StatusReport;

/** {@code wait DEVICE [EVENT_NR]}: blocks until the device's event counter differs from EVENT_NR (default 0). */
final class WaitCommand extends BaseCommand {
    WaitCommand() {
        super("wait", "<device> [<event_nr>] [--noflush]", 0, 2);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        var args = inv.args();
        DeviceRef ref;
        if (Devices.fromOption(inv)) {
            ref = Devices.ref(inv, null);
        } else {
            if (args.isEmpty()) {
                throw new CommandFailedException("No device specified.");
            }
            ref = Devices.ref(inv, args.getFirst());
            args = args.subList(1, args.size());
        }
        long eventNr = args.isEmpty() ? 0 : atoi(args.getLast());
        StatusReport report = ctx.dm().waitEvent(ref, eventNr,
                QueryOptions.defaults().withNoFlush(inv.has("noflush")).withInactiveTable(inv.has("inactive")));
        if (inv.has("verbose")) {
            InfoCommand.printLong(ctx, report.info());
        }
        return Cli.OK;
    }

    /** C's atoi: leading digits, anything else is 0. */
    static long atoi(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == 0 ? 0 : Long.parseLong(s.substring(0, Math.min(i, 10))) & 0xffffffffL;
    }
}
