package io.jdm.cli;

import io.jdm.api.Dependencies;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.StatusReport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code ls [--target TYPE] [-o devno|devname|blkdevname] [--tree [-o TREE_OPTIONS]] [--json]}. */
final class LsCommand extends BaseCommand {
    LsCommand() {
        super("ls", "[--target <target_type>] [-o <options>] [--tree] [--json]", 0, 0);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        List<ListedDevice> devices = ctx.dm().list();
        if (inv.has("json")) {
            List<Object> out = new ArrayList<>();
            for (ListedDevice d : devices) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", d.name().value());
                m.put("major", d.number().major());
                m.put("minor", d.number().minor());
                m.put("uuid", d.uuid().map(Object::toString).orElse(null));
                m.put("event_nr", d.eventNr().isPresent() ? d.eventNr().getAsLong() : null);
                out.add(m);
            }
            ctx.out().println(Json.write(out));
            return Cli.OK;
        }
        if (devices.isEmpty()) {
            ctx.out().println("No devices found");
            return Cli.OK;
        }
        if (inv.has("tree")) {
            ctx.out().print(tree(ctx, devices, inv.options().value("options").orElse("")));
            return Cli.OK;
        }
        Optional<String> target = inv.options().value("target");
        String style = inv.options().value("options").orElse("devno");
        for (ListedDevice d : devices) {
            if (target.isPresent()) {
                StatusReport status = ctx.dm().status(DeviceRef.name(d.name()));
                if (status.targets().stream().anyMatch(t -> t.type().equals(target.get()))) {
                    // dmsetup prints this form through another path: "(major, minor)"
                    ctx.out().println(Shown.name(d.name().value()) + "\t(" + d.number().major() + ", " + d.number().minor() + ")");
                }
                continue;
            }
            Optional<String> name = switch (style) {
                case "blkdevname" -> ctx.host().kernelName(d.number());
                case "devname" -> ctx.host().dmName(d.number()).or(() -> ctx.host().kernelName(d.number()));
                default -> Optional.empty();
            };
            ctx.out().println(Shown.name(d.name().value()) + "\t(" + name.orElse(d.number().toString()) + ")");
        }
        return Cli.OK;
    }

    static String tree(CliContext ctx, List<ListedDevice> devices, String options) {
        DeviceTree tree = DeviceTree.build(devices, d -> {
            Dependencies deps = ctx.dm().deps(DeviceRef.name(d.name()));
            return new DeviceTree.Device(deps.info(), deps.devices());
        });
        Set<String> words = new HashSet<>(Arrays.asList(options.split(",")));
        return new TreeRenderer(tree, ctx.host(), words, termWidth()).render();
    }

    /** dmsetup uses the terminal's width less 3, and 80 when stdout is not a terminal. */
    private static int termWidth() {
        String columns = System.getenv("COLUMNS");
        if (System.console() != null && columns != null) {
            try {
                int c = Integer.parseInt(columns.strip());
                if (c > 3) {
                    return c - 3;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return 80;
    }
}
