package io.jdm.api;


/**
 * A device-mapper device name: 1 to 127 bytes of UTF-8, no {@code '/'}, no NUL, and not one of the
 * names the kernel reserves ({@code control}, {@code .}, {@code ..}).
 */
public record DeviceName(String value) implements Comparable<DeviceName> {
    /** Longest name in bytes: {@code DM_NAME_LEN} (128) less the terminating NUL. */
    public static final int MAX_BYTES = 127;

    public DeviceName {
        if (value == null) {
            throw new InvalidInputException("device name must not be null");
        }
        int bytes = Utf8.length(value);
        if (bytes == 0) {
            throw new InvalidInputException("device name must not be empty");
        }
        if (bytes > MAX_BYTES) {
            throw new InvalidInputException(
                    "device name is " + bytes + " bytes, the kernel allows at most " + MAX_BYTES + ": '" + value + "'");
        }
        if (value.indexOf('/') >= 0) {
            throw new InvalidInputException("device name must not contain '/': '" + value + "'");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidInputException("device name must not contain NUL");
        }
        if (value.equals("control") || value.equals(".") || value.equals("..")) {
            throw new InvalidInputException("device name '" + value + "' is reserved by the kernel");
        }
    }

    public static DeviceName of(String value) {
        return new DeviceName(value);
    }

    @Override
    public int compareTo(DeviceName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
