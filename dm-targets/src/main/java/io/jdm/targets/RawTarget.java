package io.jdm.targets;

import io.jdm.api.SecretBytes;
import io.jdm.api.TableLine;

import java.util.Objects;

/**
 * A target jdm has no type for (or whose params it could not read): kept as the kernel's text. A line
 * read back with its key as {@link SecretBytes} keeps it here too: {@code params} then hold
 * {@link TableLine#SECRET_WORD} where it goes.
 *
 * @param secret the key the params' {@link TableLine#SECRET_WORD} stands for, or null
 */
public record RawTarget(String type, String params, SecretBytes secret) implements Target {
    public RawTarget {
        TableLine.checkType(type);
        Objects.requireNonNull(params, "params");
    }

    public RawTarget(String type, String params) {
        this(type, params, null);
    }

    /** The kernel's text; with a secret, the key written in as hex (a String that cannot be wiped). */
    @Override
    public String format() {
        return secret == null ? params : line(0, 1).revealedParams();
    }

    @Override
    public TableLine line(long start, long length) {
        return new TableLine(start, length, type, params, secret);
    }

    @Override
    public boolean holdsSecret() {
        return secret != null || CryptTarget.TYPE.equals(type);
    }

    /** Crypt params carry the key, so they never appear here. */
    @Override
    public String toString() {
        return holdsSecret() ? "RawTarget[type=" + type + ", params=<hidden>]" : "RawTarget[type=" + type + ", params=" + params + "]";
    }
}
