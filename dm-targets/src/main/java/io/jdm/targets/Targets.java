package io.jdm.targets;

import io.jdm.api.InvalidInputException;
import io.jdm.api.Table;
import io.jdm.api.TableLine;

import java.util.List;
import java.util.Optional;

/**
 * The registry of typed targets: turns a table line (as the kernel reads it back, or as a user wrote
 * it) into its typed value. {@link #of(TableLine)} never fails: a type jdm does not know, or params it
 * cannot read, stay a {@link RawTarget}. {@link #parse(String, String)} is the strict form.
 */
public final class Targets {
    private Targets() {
    }

    /** The target types that have a typed value. */
    public static List<String> knownTypes() {
        return TargetKinds.all().stream().map(TargetKind::type).sorted().toList();
    }

    /**
     * Strict: the typed value of {@code params} for a known {@code type}.
     *
     * @throws InvalidInputException if the type is unknown or the params do not parse
     */
    public static Target parse(String type, String params) {
        return kind(type).parse(params);
    }

    private static TargetKind<?, ?> kind(String type) {
        return TargetKinds.of(type).orElseThrow(() ->
                new InvalidInputException("no typed target for type '" + type + "'; known: " + knownTypes()));
    }

    /**
     * Strict, for a table line: like {@link #parse(String, String)}, but a key the line carries as
     * {@link io.jdm.api.SecretBytes} stays secret bytes in the typed value (see {@link CryptTarget#parse(TableLine)}).
     */
    public static Target parse(TableLine line) {
        return kind(line.type()).parse(line);
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
        Optional<TargetKind<?, ?>> kind = TargetKinds.of(type);
        if (kind.isPresent()) {
            try {
                return kind.get().parse(params);
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
