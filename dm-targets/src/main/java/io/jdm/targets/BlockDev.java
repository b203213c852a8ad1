package io.jdm.targets;

import io.jdm.api.DeviceNumber;
import io.jdm.api.InvalidInputException;
import io.jdm.api.internal.KernelWords;

import java.util.Objects;

/**
 * A block device as a table names it: a device number or an absolute path. The kernel accepts both in
 * a table but always reads tables back as {@code major:minor}, so parsed values hold numbers.
 */
public sealed interface BlockDev {

    /** The text the kernel expects in a table. */
    String format();

    record ByNumber(DeviceNumber number) implements BlockDev {
        public ByNumber {
            Objects.requireNonNull(number, "number");
        }

        @Override
        public String format() {
            return number.toString();
        }

        @Override
        public String toString() {
            return format();
        }
    }

    /** A path such as {@code /dev/loop0}; the kernel resolves it when the table is loaded. */
    record ByPath(String path) implements BlockDev {
        public ByPath {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || path.length() < 2) {
                throw new InvalidInputException("block device path must be absolute, got '" + path + "'");
            }
            // the kernel splits table params into words, so a path must be exactly one
            if (!KernelWords.isOneWord(path) || path.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException("block device path must be one word as the kernel splits table params"
                        + " (no whitespace or control characters, no character whose UTF-8 holds the byte 0xA0): '" + path.strip() + "'");
            }
        }

        @Override
        public String format() {
            return path;
        }

        @Override
        public String toString() {
            return path;
        }
    }

    static BlockDev of(DeviceNumber number) {
        return new ByNumber(number);
    }

    static BlockDev of(int major, int minor) {
        return new ByNumber(DeviceNumber.of(major, minor));
    }

    static BlockDev path(String path) {
        return new ByPath(path);
    }

    /** Parses a table token: {@code major:minor} or an absolute path. */
    static BlockDev parse(String token) {
        Objects.requireNonNull(token, "token");
        if (token.startsWith("/")) {
            return new ByPath(token);
        }
        return new ByNumber(DeviceNumber.parse(token));
    }
}
