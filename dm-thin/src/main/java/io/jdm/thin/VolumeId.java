package io.jdm.thin;

import io.jdm.api.InvalidInputException;

/**
 * A volume's name as the caller gives it (Docker uses 64 hex digits): 1 to {@value #MAX_LENGTH}
 * characters of ASCII letters, digits, {@code '.'}, {@code '_'}, {@code ':'} and {@code '-'}, not
 * {@code "."} or {@code ".."}, not starting with {@code '.'}.
 *
 * <p>Stricter than a device name on purpose: the id names a record file in the state directory and a
 * device under {@code /dev/mapper}, so it must be a portable file name with no {@code '/'}, NUL, control
 * character, space or look-alike Unicode, and never a hidden or temporary file of the store.
 */
public record VolumeId(String value) implements Comparable<VolumeId> {
    /** Longest id: room for a 64-hex id with a prefix, and well inside a device name's 127 bytes. */
    public static final int MAX_LENGTH = 96;

    public VolumeId {
        if (value == null) {
            throw new InvalidInputException("volume id must not be null");
        }
        if (value.isEmpty()) {
            throw new InvalidInputException("volume id must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException(
                    "volume id is " + value.length() + " characters, at most " + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!allowed(c)) {
                throw new InvalidInputException("volume id holds U+" + String.format("%04X", (int) c) + " at character " + i
                        + ": only ASCII letters, digits, '.', '_', ':' and '-' are allowed");
            }
        }
        if (value.charAt(0) == '.') {
            throw new InvalidInputException("volume id must not start with '.': '" + value + "'");
        }
    }

    /** The same as the constructor; reads better at call sites. */
    public static VolumeId of(String value) {
        return new VolumeId(value);
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '-';
    }

    @Override
    public int compareTo(VolumeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
