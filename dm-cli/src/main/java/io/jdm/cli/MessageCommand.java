package io.jdm.cli;

import io.jdm.api.DeviceRef;
import io.jdm.api.internal.Decimal;

import java.util.List;
import java.util.Optional;

/** {@code message DEVICE SECTOR MESSAGE...}: the words are joined with single spaces; a reply is printed. */
final class MessageCommand extends BaseCommand {
    MessageCommand() {
        super("message", "<device> <sector> <message>", 2, MANY);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        List<String> args = inv.args();
        DeviceRef ref;
        if (Devices.fromOption(inv)) {
            ref = Devices.ref(inv, null);
        } else {
            ref = Devices.ref(inv, args.getFirst());
            args = args.subList(1, args.size());
        }
        long sector = parseSector(args.getFirst());
        List<String> words = args.subList(1, args.size());
        if (words.isEmpty()) {
            // dmsetup sends the empty message anyway and the kernel says EINVAL; jdm refuses before sending
            throw new CommandFailedException("No message supplied.");
        }
        Optional<String> reply = ctx.dm().message(ref, sector, String.join(" ", words));
        reply.ifPresent(r -> {
            if (r.isEmpty() || r.endsWith("\n")) {
                ctx.out().print(r);
            } else {
                ctx.out().println(r);
            }
        });
        return Cli.OK;
    }

    /** strtoull base 10 with nothing left over, as dmsetup checks it (ASCII digits only). */
    private static long parseSector(String text) {
        long sector = Decimal.parse(text);
        if (sector < 0) {
            throw new CommandFailedException("Invalid sector.");
        }
        return sector;
    }
}
