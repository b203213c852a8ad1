package io.jdm.targets.status;

import io.jdm.api.UnexpectedReplyException;

import java.util.Optional;

/**
 * What a status parser returns: the typed value, or a {@link StatusParseError} naming the text. Parsers
 * never throw; callers choose between matching on the two cases and {@link #orElseThrow()}.
 */
public sealed interface StatusResult<T> {

    record Parsed<T>(T value) implements StatusResult<T> {
    }

    record Failed<T>(StatusParseError error) implements StatusResult<T> {
    }

    static <T> StatusResult<T> parsed(T value) {
        return new Parsed<>(value);
    }

    static <T> StatusResult<T> failed(String targetType, String text, String reason) {
        return new Failed<>(new StatusParseError(targetType, text, reason));
    }

    default Optional<T> asOptional() {
        return this instanceof Parsed<T> p ? Optional.of(p.value()) : Optional.empty();
    }

    default Optional<StatusParseError> parseError() {
        return this instanceof Failed<T> f ? Optional.of(f.error()) : Optional.empty();
    }

    /**
     * The value, or an {@link UnexpectedReplyException} carrying the parse error's message (the kernel's
     * text and what was wrong with it).
     */
    default T orElseThrow() {
        return switch (this) {
            case Parsed<T> p -> p.value();
            case Failed<T> f -> throw new UnexpectedReplyException(f.error().message());
        };
    }
}
