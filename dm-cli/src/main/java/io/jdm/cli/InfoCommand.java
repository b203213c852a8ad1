package io.jdm.cli;

import io.jdm.api.Dependencies;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.QueryOptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** {@code info [-c [--noheadings] [-o FIELDS] [--separator S]] [--json] [DEVICE...]}. */
final class InfoCommand extends BaseCommand {
    InfoCommand() {
        super("info", "[<device>...] [-c|-C|--columns [-o <fields>] [--noheadings]] [--json]", 0, MANY);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        List<InfoField> fields = inv.has("columns") ? fields(inv) : List.of();
        List<DeviceRef> refs = new ArrayList<>();
        if (inv.args().isEmpty() && !Devices.fromOption(inv)) {
            List<ListedDevice> all = ctx.dm().list();
            if (all.isEmpty() && !inv.has("json")) {
                ctx.out().println("No devices found");
                return Cli.OK;
            }
            all.forEach(d -> refs.add(DeviceRef.name(d.name())));
        } else {
            Devices.each(inv, refs::add);
        }
        QueryOptions query = QueryOptions.defaults().withInactiveTable(inv.has("inactive"));
        if (inv.has("json")) {
            List<Object> out = new ArrayList<>();
            for (DeviceRef ref : refs) {
                out.add(json(ctx.dm().info(ref)));
            }
            ctx.out().println(Json.write(out));
            return Cli.OK;
        }
        if (!inv.has("columns")) {
            for (DeviceRef ref : refs) {
                printLong(ctx, ctx.dm().info(ref));
            }
            return Cli.OK;
        }
        Report report = new Report(fields.stream().map(f -> f.column).toList());
        boolean deps = fields.stream().anyMatch(InfoField::needsDeps);
        try {
            for (DeviceRef ref : refs) {
                DeviceInfo info = ctx.dm().info(ref);
                Dependencies d = deps ? ctx.dm().deps(ref, query) : null;
                report.add(fields.stream().map(f -> f.value(info, d, ctx.host())).toList());
            }
        } finally {
            // what was gathered is printed even when a later device fails, as libdm's report does
            ctx.out().print(report.render(!inv.has("noheadings"), inv.options().value("separator").orElse(null)));
        }
        return Cli.OK;
    }

    private static List<InfoField> fields(Invocation inv) {
        String spec = inv.options().value("options").orElse(InfoField.DEFAULT);
        List<InfoField> fields = new ArrayList<>();
        for (String key : spec.split(",")) {
            if (key.equals("help") || key.equals("?")) {
                throw new CommandFailedException("Fields jdm knows: " + knownFields());
            }
            fields.add(InfoField.byKey(key).orElseThrow(() -> new CommandFailedException(
                    "Fields jdm knows: " + knownFields() + "\nUnrecognised field: " + key)));
        }
        return fields;
    }

    private static String knownFields() {
        return String.join(", ", Arrays.stream(InfoField.values()).map(f -> f.key).toList());
    }

    /** dmsetup's long form, a blank line after each device. */
    static void printLong(CliContext ctx, DeviceInfo info) {
        var out = ctx.out();
        String name = info.name().value();
        out.println("Name:              " + Shown.name(name));
        out.println("State:             " + (info.suspended() ? "SUSPENDED" : "ACTIVE")
                + (info.readOnly() ? " (READ-ONLY)" : "") + (info.deferredRemove() ? " (DEFERRED REMOVE)" : ""));
        OptionalLong readAhead = ctx.host().readAheadSectors(info.number());
        if (readAhead.isPresent()) {
            out.println("Read Ahead:        " + readAhead.getAsLong());
        } else {
            // libdm falls back to opening the node when sysfs has no queue (a device without a table)
            out.flush();
            ctx.err().println("/dev/mapper/" + name + ": open failed: "
                    + (ctx.host().mapperNodeExists(name) ? "No such device or address" : "No such file or directory"));
        }
        if (!info.hasLiveTable() && !info.hasInactiveTable()) {
            out.println("Tables present:    None");
        } else {
            out.println("Tables present:    " + (info.hasLiveTable() ? "LIVE" : "")
                    + (info.hasLiveTable() && info.hasInactiveTable() ? " & " : "")
                    + (info.hasInactiveTable() ? "INACTIVE" : ""));
        }
        out.println("Open count:        " + info.openCount());
        out.println("Event number:      " + info.eventNr());
        out.println("Major, minor:      " + info.number().major() + ", " + info.number().minor());
        out.println("Number of targets: " + info.targetCount());
        info.uuid().ifPresent(u -> out.println("UUID: " + Shown.name(u.value())));
        out.println();
    }

    static Map<String, Object> json(DeviceInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", info.name().value());
        m.put("uuid", info.uuid().map(Object::toString).orElse(null));
        m.put("major", info.number().major());
        m.put("minor", info.number().minor());
        m.put("state", info.suspended() ? "SUSPENDED" : "ACTIVE");
        m.put("read_only", info.readOnly());
        m.put("live_table", info.hasLiveTable());
        m.put("inactive_table", info.hasInactiveTable());
        m.put("open_count", info.openCount());
        m.put("event_nr", info.eventNr());
        m.put("target_count", info.targetCount());
        m.put("deferred_remove", info.deferredRemove());
        return m;
    }
}
