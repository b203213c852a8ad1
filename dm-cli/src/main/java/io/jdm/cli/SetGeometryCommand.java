package io.jdm.cli;

import io.jdm.api.DeviceRef;
import io.jdm.api.Geometry;

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
        Geometry g;
        try {
            g = new Geometry(Integer.parseInt(a.get(1)), Integer.parseInt(a.get(2)), Integer.parseInt(a.get(3)),
                    Long.parseLong(a.get(4)));
        } catch (NumberFormatException e) {
            throw new CommandFailedException("Invalid geometry: " + String.join(" ", a.subList(1, 5)));
        }
        ctx.dm().setGeometry(ref, g);
        return Cli.OK;
    }
}
