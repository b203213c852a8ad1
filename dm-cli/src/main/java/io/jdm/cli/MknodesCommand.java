package io.jdm.cli;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.NoSuchDeviceException;

/**
 * {@code mknodes [DEVICE...]}: makes sure {@code /dev/mapper/NAME} exists for live devices. dm-api has no
 * node call of its own, so this resumes devices that are live, not suspended and have nothing loaded:
 * for the kernel that is a no-op, and jdm's node policy makes the node after every resume.
 */
final class MknodesCommand extends BaseCommand {
    MknodesCommand() {
        super("mknodes", "[<device>...]", 0, MANY);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        if (inv.args().isEmpty() && !Devices.fromOption(inv)) {
            for (ListedDevice d : ctx.dm().list()) {
                refresh(ctx, DeviceRef.name(d.name()));
            }
            return Cli.OK;
        }
        Devices.each(inv, ref -> refresh(ctx, ref));
        return Cli.OK;
    }

    private static void refresh(CliContext ctx, DeviceRef ref) {
        DeviceInfo info;
        try {
            info = ctx.dm().info(ref);
        } catch (NoSuchDeviceException e) {
            return; // dmsetup: nothing to make for a device that does not exist, and no error
        }
        if (info.hasLiveTable() && !info.suspended() && !info.hasInactiveTable()) {
            ctx.dm().resume(ref);
        }
    }
}
