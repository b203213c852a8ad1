package io.jdm.cli;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.QueryOptions;
import io.jdm.api.StatusReport;
import io.jdm.api.TableLine;
import io.jdm.api.TableReport;
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
        boolean showKeys = inv.has("showkeys");
        List<Object> json = new ArrayList<>();
        for (DeviceRef ref : refs) {
            Rows rows = rows(ctx, ref, query, showKeys);
            if (inv.has("json")) {
                json.add(json(rows, target));
                continue;
            }
            // dmsetup -v prints the device's info before its first line instead of the name prefix
            boolean verbose = inv.has("verbose");
            String name = prefix && !verbose ? Shown.name(rows.name()) + ": " : "";
            boolean matched = false;
            if (rows.lines().isEmpty()) {
                if (target == null) {
                    if (verbose) {
                        InfoCommand.printLong(ctx, rows.info());
                    }
                    ctx.out().println(name);
                    matched = true;
                }
            }
            for (Row row : rows.lines()) {
                if (target != null && !target.equals(row.type())) {
                    continue;
                }
                if (!matched && verbose) {
                    InfoCommand.printLong(ctx, rows.info());
                }
                ctx.out().println(name + row);
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

    /**
     * One target as shown: its place, its type, and its text (the status, or the table params with keys
     * as dmsetup shows them). dmsetup prints {@code "%llu %llu %s %s"}, so a target without text ends in
     * a space.
     */
    record Row(long start, long length, String type, String text) {
        @Override
        public String toString() {
            return start + " " + length + " " + type + " " + text;
        }
    }

    private record Rows(DeviceInfo info, String name, List<Row> lines) {
    }

    private Rows rows(CliContext ctx, DeviceRef ref, QueryOptions query, boolean showKeys) {
        if (!table) {
            StatusReport report = ctx.dm().status(ref, query);
            return new Rows(report.info(), report.info().name().value(),
                    report.targets().stream().map(t -> new Row(t.start(), t.length(), t.type(), t.text())).toList());
        }
        TableReport report = ctx.dm().table(ref, query);
        List<Row> lines = report.table().lines().stream()
                .map(l -> new Row(l.start(), l.length(), l.type(), shownParams(l, showKeys))).toList();
        report.table().destroySecrets();
        return new Rows(report.info(), report.info().name().value(), lines);
    }

    /**
     * The params as dmsetup prints them: a crypt key is written as hex only with --showkeys, else as as
     * many zeros (a key read back as secret bytes never becomes text unless asked for). A keyring
     * reference is no secret and stays.
     */
    static String shownParams(TableLine line, boolean showKeys) {
        if (showKeys) {
            return line.revealedParams();
        }
        if (line.secret() != null) {
            return line.params().replace(TableLine.SECRET_WORD, "0".repeat(2 * line.secret().length()));
        }
        return line.type().equals(CryptKeyWord.TYPE) ? CryptKeyWord.zeroed(line.params()) : line.params();
    }

    /** dmsetup's concise form: {@code name,uuid,minor,ro|rw,line[,line...]}, with ',' ';' '\\' escaped. */
    static String concise(TableReport report, boolean showKeys) {
        DeviceInfo info = report.info();
        List<String> parts = new ArrayList<>(List.of(escape(info.name().value()),
                escape(info.uuid().map(Object::toString).orElse("")), Integer.toString(info.number().minor()),
                info.readOnly() ? "ro" : "rw"));
        for (TableLine l : report.table().lines()) {
            parts.add(escape(new Row(l.start(), l.length(), l.type(), shownParams(l, showKeys)).toString()));
        }
        return String.join(",", parts);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;");
    }

    private Map<String, Object> json(Rows rows, String target) {
        List<Object> targets = new ArrayList<>();
        for (Row row : rows.lines()) {
            if (target != null && !target.equals(row.type())) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", row.start());
            m.put("length", row.length());
            m.put("type", row.type());
            m.put(table ? "params" : "status", row.text());
            targets.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", rows.name());
        m.put("targets", targets);
        return m;
    }
}
