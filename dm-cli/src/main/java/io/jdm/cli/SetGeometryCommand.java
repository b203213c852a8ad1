package io.jdm.cli;

import io.jdm.api.DeviceRef;
import io.jdm.api.Geometry;
import io.jdm.api.internal.Decimal;

import java.util.List;

/** {@code setgeometry DEVICE CYL HEAD SECT START}. */
final class SetGeometryCommand extends BaseCommand {
    SetGeometryCommand() {
        super("setgeometry", "<device> <cyl> <head> <sect> <start>", 5, 5);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        List<String> a = inv.args();
        DeviceRef ref = Devices.ref(inv, a.getFirst());
        long[] n = new long[4];
        for (int i = 0; i < 4; i++) {
            n[i] = Decimal.parse(a.get(i + 1), i < 3 ? Integer.MAX_VALUE : Long.MAX_VALUE);
            if (n[i] < 0) {
                throw new CommandFailedException("Invalid geometry: " + String.join(" ", a.subList(1, 5)));
            }
        }
        Geometry g = new Geometry((int) n[0], (int) n[1], (int) n[2], n[3]);
        ctx.dm().setGeometry(ref, g);
        return Cli.OK;
    }
}
