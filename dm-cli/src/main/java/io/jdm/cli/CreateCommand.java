package io.jdm.cli;

import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.KernelException;
import io.jdm.api.LoadOptions;
import io.jdm.api.RemoveOptions;
import io.jdm.api.Table;

import java.time.Duration;

/**
 * {@code create NAME [TABLE_FILE] [--table T | --notable] [-u UUID] [-r]}: create, load, resume. The steps
 * are spelled out here rather than through DeviceMapper.createWithTable because dmsetup's message for a
 * refused table names the new device's number, which only this code knows; on any failure the half-made
 * device is removed again, as dmsetup does.
 */
final class CreateCommand extends BaseCommand {
    CreateCommand() {
        super("create", "<dev_name> [-u|--uuid <uuid>] [-r|--readonly]\n"
                + "\t    [-n|--notable|--table {<table>|<table_file>}]", 0, 2);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        if (inv.has("table") && inv.has("notable")) {
            throw new UsageException("--table and --notable are incompatible.", false);
        }
        if (inv.args().isEmpty()) {
            throw new CommandFailedException("Please provide a name for the new device.");
        }
        String name = inv.args().getFirst();
        Devices.ref(inv, name); // dmsetup's name check, before anything else
        String uuid = inv.options().value("uuid").orElse("");
        // the table is read (and checked) before the kernel is asked for anything
        Table table = inv.has("notable") ? null
                : TableInput.read(inv, inv.args().size() == 2 ? inv.args().get(1) : null, ctx.in());
        CreateOptions options = uuid.isEmpty() ? CreateOptions.defaults() : CreateOptions.defaults().withUuid(uuid);
        DeviceInfo created;
        try {
            created = ctx.dm().create(DeviceName.of(name), options);
        } catch (KernelException e) {
            throw new CommandFailedException(Failures.ioctl("create", name, uuid, null, e.errno()));
        }
        if (table == null) {
            return Cli.OK;
        }
        DeviceRef ref = DeviceRef.name(created.name());
        try {
            ctx.dm().load(ref, table, LoadOptions.defaults().withReadOnly(inv.has("readonly")));
        } catch (KernelException e) {
            rollBack(ctx, ref);
            throw new CommandFailedException(Failures.ioctl("reload", name, uuid, created.number(), e.errno()));
        } catch (RuntimeException e) {
            rollBack(ctx, ref);
            throw e;
        }
        try {
            DeviceInfo live = ctx.dm().resume(ref);
            if (inv.has("verbose")) {
                InfoCommand.printLong(ctx, live);
            }
        } catch (RuntimeException e) {
            rollBack(ctx, ref);
            throw e;
        }
        return Cli.OK;
    }

    private static void rollBack(CliContext ctx, DeviceRef ref) {
        try {
            ctx.dm().remove(ref, RemoveOptions.defaults().withBusyRetries(25, Duration.ofMillis(200)));
        } catch (RuntimeException e) {
            ctx.err().println("jdm: could not remove the half-made device " + ref + ": " + e.getMessage());
        }
    }
}
