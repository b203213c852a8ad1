package io.jdm.targets;

import io.jdm.api.TableLine;
import io.jdm.targets.status.StatusResult;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything jdm knows about one kind of target, in one value: the kernel's type name, how its table
 * params parse into the typed value, and how its status text parses, for the kinds that have a typed
 * status. Every kind is declared once, in {@link TargetKinds}; the registry ({@link Targets}) and the
 * status dispatch ({@link io.jdm.targets.status.TargetStatuses}) go through those declarations.
 *
 * @param <T> the typed table value
 * @param <S> the typed status, {@link Void} for a kind without one
 */
public final class TargetKind<T extends Target, S> {
    private final String type;
    private final Class<T> targetClass;
    private final Function<String, T> paramsParser;
    private final Function<TableLine, T> lineParser;
    private final Function<String, StatusResult<S>> statusParser;

    private TargetKind(String type, Class<T> targetClass, Function<String, T> paramsParser, Function<TableLine, T> lineParser,
                       Function<String, StatusResult<S>> statusParser) {
        this.type = Objects.requireNonNull(type, "type");
        this.targetClass = Objects.requireNonNull(targetClass, "targetClass");
        this.paramsParser = Objects.requireNonNull(paramsParser, "paramsParser");
        this.lineParser = Objects.requireNonNull(lineParser, "lineParser");
        this.statusParser = statusParser;
    }

    /** A kind whose lines parse from their params alone and whose status jdm does not type. */
    static <T extends Target> TargetKind<T, Void> of(String type, Class<T> targetClass, Function<String, T> paramsParser) {
        return new TargetKind<>(type, targetClass, paramsParser, line -> paramsParser.apply(line.params()), null);
    }

    /** This kind with a typed status. */
    <R> TargetKind<T, R> withStatus(Function<String, StatusResult<R>> parser) {
        return new TargetKind<>(type, targetClass, paramsParser, lineParser, Objects.requireNonNull(parser, "parser"));
    }

    /** This kind with a parser of its own for whole table lines (one that keeps a line's secret bytes, say). */
    TargetKind<T, S> withLineParser(Function<TableLine, T> parser) {
        return new TargetKind<>(type, targetClass, paramsParser, Objects.requireNonNull(parser, "parser"), statusParser);
    }

    /** The kernel's target type name, e.g. {@code thin-pool}. */
    public String type() {
        return type;
    }

    /** The record that holds a table line of this kind. */
    public Class<T> targetClass() {
        return targetClass;
    }

    /**
     * Strict: the typed value of {@code params} (what the kernel reads back after the type).
     *
     * @throws io.jdm.api.InvalidInputException if they do not parse
     */
    public T parse(String params) {
        return paramsParser.apply(params);
    }

    /** Strict, for a table line of this kind (a crypt key the line carries as secret bytes stays secret bytes). */
    public T parse(TableLine line) {
        return lineParser.apply(line);
    }

    /** Whether jdm types this kind's status. */
    public boolean hasStatus() {
        return statusParser != null;
    }

    /** The typed status of one of this kind's status texts, or empty when jdm does not type it. Never throws. */
    public Optional<StatusResult<S>> parseStatus(String text) {
        return statusParser == null ? Optional.empty() : Optional.of(statusParser.apply(text));
    }

    @Override
    public String toString() {
        return "TargetKind[" + type + "]";
    }
}
