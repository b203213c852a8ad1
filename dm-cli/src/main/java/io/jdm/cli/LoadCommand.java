package io.jdm.cli;

import io.jdm.api.DeviceRef;
import io.jdm.api.LoadOptions;
import io.jdm.api.Table;

/** {@code load} and {@code reload DEVICE [TABLE_FILE]}: loads the inactive table (a resume makes it live). */
final class LoadCommand extends BaseCommand {
    private LoadCommand(String name) {
        super(name, "<device> [<table>|<table_file>]", 0, 2);
    }

    static LoadCommand load() {
        return new LoadCommand("load");
    }

    static LoadCommand reload() {
        return new LoadCommand("reload");
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        if (inv.has("notable")) {
            throw new CommandFailedException("--notable only available when creating new device\n");
        }
        var args = inv.args();
        DeviceRef ref;
        String file = null;
        if (Devices.fromOption(inv)) {
            if (args.size() > 1) {
                throw new CommandFailedException("Too many command line arguments.\n");
            }
            ref = Devices.ref(inv, null);
            file = args.isEmpty() ? null : args.getFirst();
        } else {
            if (args.isEmpty()) {
                throw new CommandFailedException("Please specify device.\n");
            }
            ref = Devices.ref(inv, args.getFirst());
            file = args.size() == 2 ? args.get(1) : null;
        }
        Table table = TableInput.read(inv, file, ctx.in());
        var info = ctx.dm().load(ref, table, LoadOptions.defaults().withReadOnly(inv.has("readonly")));
        if (inv.has("verbose")) {
            InfoCommand.printLong(ctx, info);
        }
        return Cli.OK;
    }
}
