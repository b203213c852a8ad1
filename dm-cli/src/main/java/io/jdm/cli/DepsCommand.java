package io.jdm.cli;

import io.jdm.api.Dependencies;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.QueryOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code deps [-o devno|devname|blkdevname] [DEVICE...]}: {@code N dependencies\t: (maj, min)...}. */
final class DepsCommand extends BaseCommand {
    DepsCommand() {
        super("deps", "[-o <options>] [<device>...]", 0, MANY);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        List<String> names = new ArrayList<>();
        List<DeviceRef> refs = new ArrayList<>();
        boolean all = inv.args().isEmpty() && !Devices.fromOption(inv);
        if (all) {
            List<ListedDevice> list = ctx.dm().list();
            if (list.isEmpty()) {
                ctx.out().println("No devices found");
                return Cli.OK;
            }
            list.forEach(d -> refs.add(DeviceRef.name(d.name())));
        } else {
            Devices.each(inv, refs::add);
        }
        boolean prefix = refs.size() > 1 || all;
        String style = inv.options().value("options").orElse("devno");
        QueryOptions query = QueryOptions.defaults().withInactiveTable(inv.has("inactive"));
        for (DeviceRef ref : refs) {
            Dependencies deps = ctx.dm().deps(ref, query);
            if (inv.has("verbose")) {
                InfoCommand.printLong(ctx, deps.info());
            }
            ctx.out().println((prefix && !inv.has("verbose") ? deps.info().name() + ": " : "")
                    + line(deps.devices(), style, ctx.host()));
            if (prefix && inv.has("verbose")) {
                ctx.out().println();
            }
        }
        return Cli.OK;
    }

    static String line(List<DeviceNumber> devices, String style, HostView host) {
        StringBuilder sb = new StringBuilder().append(devices.size()).append(" dependencies\t:");
        for (DeviceNumber d : devices) {
            Optional<String> name = switch (style) {
                case "blkdevname" -> host.kernelName(d);
                case "devname" -> host.dmName(d).or(() -> host.kernelName(d));
                default -> Optional.empty();
            };
            sb.append(name.map(n -> " (" + n + ")").orElse(" (" + d.major() + ", " + d.minor() + ")"));
        }
        return sb.toString();
    }
}
