package io.jdm.cli;

import io.jdm.api.DeviceName;
import io.jdm.api.DeviceUuid;

/** {@code rename DEVICE NEW_NAME} and {@code rename DEVICE --setuuid NEW_UUID}. */
final class RenameCommand extends BaseCommand {
    RenameCommand() {
        super("rename", "<device> [--setuuid] <new_name_or_uuid>", 1, 2);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        if (inv.args().size() != 2) {
            // the kernel renames by current name only
            throw new CommandFailedException("No device specified.");
        }
        String from = inv.args().get(0);
        String to = inv.args().get(1);
        Devices.ref(inv, from); // dmsetup's check of the old name
        if (inv.has("setuuid")) {
            ctx.dm().setUuid(DeviceName.of(from), DeviceUuid.of(to));
        } else {
            if (to.indexOf('/') >= 0) {
                throw new CommandFailedException("Name \"" + to + "\" invalid. It contains \"/\".");
            }
            ctx.dm().rename(DeviceName.of(from), DeviceName.of(to));
        }
        return Cli.OK;
    }
}
