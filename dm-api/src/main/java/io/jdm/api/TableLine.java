package io.jdm.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One target of a table: {@code length} sectors from {@code start}, mapped by {@code type} with
 * {@code params}. Params are the target's own text, unescaped: when the line is sent to the kernel each
 * backslash is doubled, because the kernel's argument splitter treats {@code '\'} as an escape.
 */
public record TableLine(long start, long length, String type, String params) {
    /** {@code DM_MAX_TYPE_NAME} (16) less the terminating NUL. */
    public static final int MAX_TYPE_BYTES = 15;
    /** The kernel refuses devices larger than {@code LLONG_MAX >> 9} sectors. */
    public static final long MAX_SECTORS = Long.MAX_VALUE >> 9;

    public TableLine {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(params, "params");
        if (start < 0) {
            throw new InvalidInputException("target start must not be negative: " + start);
        }
        if (length <= 0) {
            throw new InvalidInputException("target length must be positive, got " + length + " for '" + type + "' at " + start);
        }
        if (start > MAX_SECTORS - length) {
            throw new InvalidInputException("target at " + start + " of length " + length + " ends past the kernel's largest device ("
                    + MAX_SECTORS + " sectors)");
        }
        checkType(type);
        if (params.indexOf('\0') >= 0) {
            throw new InvalidInputException("target params must not contain NUL (target '" + type + "' at " + start + ")");
        }
    }

    public static TableLine of(long start, long length, String type, String params) {
        return new TableLine(start, length, type, params);
    }

    /** Checks a target type name the way the kernel will: 1..15 bytes, no whitespace or control characters. */
    public static void checkType(String type) {
        int bytes = type.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_TYPE_BYTES) {
            throw new InvalidInputException("target type must be 1.." + MAX_TYPE_BYTES + " bytes, got '" + type + "'");
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new InvalidInputException("target type must not contain whitespace or control characters: '" + type + "'");
            }
        }
    }

    /** First sector after this target. */
    public long end() {
        return start + length;
    }

    /** The params as the kernel must receive them: every backslash doubled. */
    public String escapedParams() {
        return params.indexOf('\\') < 0 ? params : params.replace("\\", "\\\\");
    }

    /**
     * The dmsetup table form, {@code "start length type params"}, safe for logs: a crypt target's key
     * (its second parameter, unless it names a keyring key or is {@code -}) is withheld, as dmsetup does
     * without {@code --showkeys}. {@link #params()} still holds the key.
     */
    @Override
    public String toString() {
        String shown = displayParams();
        return shown.isEmpty() ? start + " " + length + " " + type : start + " " + length + " " + type + " " + shown;
    }

    /** The params with any key material withheld (see {@link #toString()}). */
    public String displayParams() {
        if (!type.equals("crypt")) {
            return params;
        }
        String[] words = params.split(" ", 3);
        if (words.length < 2 || words[1].startsWith(":") || words[1].equals("-")) {
            return params;
        }
        return words[0] + " <key withheld>" + (words.length == 3 ? " " + words[2] : "");
    }
}
