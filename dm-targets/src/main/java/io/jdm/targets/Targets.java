package io.jdm.targets;

import io.jdm.api.InvalidInputException;
import io.jdm.api.Table;
import io.jdm.api.TableLine;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry of typed targets: turns a table line (as the kernel reads it back, or as a user wrote
 * it) into its typed value. {@link #of(TableLine)} never fails: a type jdm does not know, or params it
 * cannot read, stay a {@link RawTarget}. {@link #parse(String, String)} is the strict form.
 */
public final class Targets {
    private static final Map<String, Function<String, ? extends Target>> PARSERS = Map.ofEntries(
            Map.entry(LinearTarget.TYPE, LinearTarget::parse),
            Map.entry(StripedTarget.TYPE, StripedTarget::parse),
            Map.entry(ZeroTarget.TYPE, ZeroTarget::parse),
            Map.entry(ErrorTarget.TYPE, ErrorTarget::parse),
            Map.entry(FlakeyTarget.TYPE, FlakeyTarget::parse),
            Map.entry(DelayTarget.TYPE, DelayTarget::parse),
            Map.entry(ThinPoolTarget.TYPE, ThinPoolTarget::parse),
            Map.entry(ThinTarget.TYPE, ThinTarget::parse),
            Map.entry(SnapshotOriginTarget.TYPE, SnapshotOriginTarget::parse),
            Map.entry(SnapshotTarget.TYPE, SnapshotTarget::parse),
            Map.entry(SnapshotMergeTarget.TYPE, SnapshotMergeTarget::parse),
            Map.entry(EraTarget.TYPE, EraTarget::parse),
            Map.entry(CryptTarget.TYPE, CryptTarget::parse),
            Map.entry(CacheTarget.TYPE, CacheTarget::parse));

    private Targets() {
    }

    /** The target types that have a typed value. */
    public static List<String> knownTypes() {
        return PARSERS.keySet().stream().sorted().toList();
    }

    /**
     * Strict: the typed value of {@code params} for a known {@code type}.
     *
     * @throws InvalidInputException if the type is unknown or the params do not parse
     */
    public static Target parse(String type, String params) {
        Function<String, ? extends Target> parser = PARSERS.get(type);
        if (parser == null) {
            throw new InvalidInputException("no typed target for type '" + type + "'; known: " + knownTypes());
        }
        return parser.apply(params);
    }

    /**
     * Strict, for a table line: like {@link #parse(String, String)}, but a key the line carries as
     * {@link io.jdm.api.SecretBytes} stays secret bytes in the typed value (see {@link CryptTarget#parse(TableLine)}).
     */
    public static Target parse(TableLine line) {
        return line.secret() != null && line.type().equals(CryptTarget.TYPE) ? CryptTarget.parse(line)
                : parse(line.type(), line.params());
    }

    /**
     * Lenient: the typed value of a line, or a {@link RawTarget} holding its text (and its secret, if it
     * carries one). Never throws.
     */
    public static Target of(TableLine line) {
        if (line.secret() == null) {
            return of(line.type(), line.params());
        }
        try {
            return parse(line);
        } catch (InvalidInputException e) {
            return new RawTarget(line.type(), line.params(), line.secret());
        }
    }

    /** Lenient form of {@link #parse(String, String)}. */
    public static Target of(String type, String params) {
        Function<String, ? extends Target> parser = PARSERS.get(type);
        if (parser != null) {
            try {
                return parser.apply(params);
            } catch (InvalidInputException e) {
                // params we cannot read (a newer kernel's feature, say): keep them as they are
            }
        }
        return new RawTarget(type, params == null ? "" : params);
    }

    /** Every line of a table, typed (leniently), with its place. */
    public static List<TypedLine> of(Table table) {
        return table.lines().stream().map(l -> new TypedLine(l.start(), l.length(), of(l))).toList();
    }

    /** A fluent builder of multi-target tables, each line checked by its target and the table by its rules. */
    public static TargetTable.Builder table() {
        return TargetTable.builder();
    }
}
