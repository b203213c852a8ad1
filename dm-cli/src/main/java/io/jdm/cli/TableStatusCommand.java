package io.jdm.cli;

import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.QueryOptions;
import io.jdm.api.TargetStatus;
import io.jdm.api.internal.CryptKeyWord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code table} and {@code status [DEVICE...] [--target TYPE] [--showkeys] [--inactive] [--json]}: one line
 * per target, {@code start length type params}, prefixed by {@code name: } when more than one device is shown.
 */
final class TableStatusCommand extends BaseCommand {
    private final boolean table;

    private TableStatusCommand(String name, String synopsis, boolean table) {
        super(name, synopsis, 0, MANY);
        this.table = table;
    }

    static TableStatusCommand table() {
        return new TableStatusCommand("table", "[<device>...] [--concise] [--target <target_type>] [--showkeys] [--json]", true);
    }

    static TableStatusCommand status() {
        return new TableStatusCommand("status", "[<device>...] [--noflush] [--target <target_type>] [--json]", false);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        List<DeviceRef> refs = new ArrayList<>();
        boolean all = inv.args().isEmpty() && !Devices.fromOption(inv);
        if (all) {
            List<ListedDevice> list = ctx.dm().list();
            if (list.isEmpty() && !inv.has("json")) {
                ctx.out().println("No devices found");
                return Cli.OK;
            }
            list.forEach(d -> refs.add(DeviceRef.name(d.name())));
        } else {
            Devices.each(inv, refs::add);
        }
        boolean prefix = all || refs.size() > 1;
        String target = inv.options().value("target").orElse(null);
        QueryOptions query = QueryOptions.defaults().withInactiveTable(inv.has("inactive"))
                .withNoFlush(inv.has("noflush"));
        if (table && inv.has("concise")) {
            List<String> specs = new ArrayList<>();
            for (DeviceRef ref : refs) {
                var report = ctx.dm().table(ref, query);
                specs.add(concise(report, inv.has("showkeys")));
                report.table().destroySecrets();
            }
            ctx.out().println(String.join(";", specs));
            return Cli.OK;
        }
        List<Object> json = new ArrayList<>();
        for (DeviceRef ref : refs) {
            Rows rows = rows(ctx, ref, query, inv.has("showkeys"));
            if (inv.has("json")) {
                json.add(json(rows, target, inv.has("showkeys")));
                continue;
            }
            // dmsetup -v prints the device's info before its first line instead of the name prefix
            boolean verbose = inv.has("verbose");
            String name = prefix && !verbose ? rows.name() + ": " : "";
            boolean matched = false;
            if (rows.targets().isEmpty()) {
                if (target == null) {
                    if (verbose) {
                        InfoCommand.printLong(ctx, rows.info());
                    }
                    ctx.out().println(name);
                    matched = true;
                }
            }
            for (TargetStatus t : rows.targets()) {
                if (target != null && !target.equals(t.type())) {
                    continue;
                }
                if (!matched && verbose) {
                    InfoCommand.printLong(ctx, rows.info());
                }
                ctx.out().println(name + line(t, table && !inv.has("showkeys")));
                matched = true;
            }
            if (prefix && verbose && matched) {
                ctx.out().println();
            }
        }
        if (inv.has("json")) {
            ctx.out().println(Json.write(json));
        }
        return Cli.OK;
    }

    private record Rows(io.jdm.api.DeviceInfo info, String name, List<TargetStatus> targets) {
    }

    private Rows rows(CliContext ctx, DeviceRef ref, QueryOptions query, boolean showKeys) {
        if (!table) {
            var report = ctx.dm().status(ref, query);
            return new Rows(report.info(), report.info().name().value(), report.targets());
        }
        var report = ctx.dm().table(ref, query);
        List<TargetStatus> lines = report.table().lines().stream()
                .map(l -> new TargetStatus(l.start(), l.length(), l.type(), shownParams(l, showKeys))).toList();
        report.table().destroySecrets();
        return new Rows(report.info(), report.info().name().value(), lines);
    }

    /**
     * The params as dmsetup prints them: a key read back as secret bytes is written as hex only with
     * --showkeys, else as as many zeros (so the key never becomes text unless asked for).
     */
    static String shownParams(io.jdm.api.TableLine line, boolean showKeys) {
        if (line.secret() == null) {
            return line.params();
        }
        return showKeys ? line.revealedParams()
                : line.params().replace(io.jdm.api.TableLine.SECRET_WORD, "0".repeat(2 * line.secret().length()));
    }

    /** dmsetup's concise form: {@code name,uuid,minor,ro|rw,line[,line...]}, with ',' ';' '\\' escaped. */
    static String concise(io.jdm.api.TableReport report, boolean showKeys) {
        var info = report.info();
        List<String> parts = new ArrayList<>(List.of(escape(info.name().value()),
                escape(info.uuid().map(Object::toString).orElse("")), Integer.toString(info.number().minor()),
                info.readOnly() ? "ro" : "rw"));
        for (var l : report.table().lines()) {
            String params = shownParams(l, showKeys);
            parts.add(escape(l.start() + " " + l.length() + " " + l.type() + " "
                    + (showKeys || !l.type().equals("crypt") ? params : hideCryptKey(params))));
        }
        return String.join(",", parts);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;");
    }

    /** dmsetup prints {@code "%llu %llu %s %s"}, so a target without params ends in a space. */
    static String line(TargetStatus t, boolean hideKeys) {
        String params = hideKeys && t.type().equals("crypt") ? hideCryptKey(t.text()) : t.text();
        return t.start() + " " + t.length() + " " + t.type() + " " + params;
    }

    /** dmsetup shows a crypt key as zeros unless --showkeys; a keyring reference is no secret and stays. */
    static String hideCryptKey(String params) {
        return CryptKeyWord.zeroed(params);
    }

    private Map<String, Object> json(Rows rows, String target, boolean showKeys) {
        List<Object> targets = new ArrayList<>();
        for (TargetStatus t : rows.targets()) {
            if (target != null && !target.equals(t.type())) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", t.start());
            m.put("length", t.length());
            m.put("type", t.type());
            m.put(table ? "params" : "status", table && !showKeys && t.type().equals("crypt")
                    ? hideCryptKey(t.text()) : t.text());
            targets.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", rows.name());
        m.put("targets", targets);
        return m;
    }
}
