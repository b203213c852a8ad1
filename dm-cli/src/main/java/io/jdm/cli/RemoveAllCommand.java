package io.jdm.cli;

import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;

import java.util.List;

/**
 * {@code remove_all [--force] [--deferred]}: removes every device not in use. With {@code --force} the
 * ones still open get an error table and a second try, and any left over are counted, as in dmsetup.
 */
final class RemoveAllCommand extends BaseCommand {
    RemoveAllCommand() {
        super("remove_all", "[-f|--force]", 0, 0);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        boolean deferred = inv.has("deferred");
        ctx.dm().removeAll(deferred);
        if (!inv.has("force")) {
            return Cli.OK;
        }
        List<ListedDevice> left = ctx.dm().list();
        if (left.isEmpty()) {
            return Cli.OK;
        }
        for (ListedDevice d : left) {
            RemoveCommand.replaceWithError(ctx, DeviceRef.name(d.name()));
        }
        ctx.dm().removeAll(deferred);
        int remaining = ctx.dm().list().size();
        if (remaining > 0) {
            ctx.err().println("Unable to remove " + remaining + " device(s).");
        }
        return Cli.OK;
    }
}
