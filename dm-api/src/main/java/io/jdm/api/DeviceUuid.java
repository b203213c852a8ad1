package io.jdm.api;


/**
 * A device-mapper uuid: an arbitrary string of at most 128 bytes (UTF-8, no NUL) that the kernel keeps
 * unique across devices. Despite the name it need not look like a UUID (lvm2 uses {@code LVM-...}).
 * An empty uuid means "none" and is only meaningful when listing; use {@code Optional} elsewhere.
 */
public record DeviceUuid(String value) {
    /** Longest uuid in bytes: {@code DM_UUID_LEN} (129) less the terminating NUL. */
    public static final int MAX_BYTES = 128;

    public DeviceUuid {
        if (value == null) {
            throw new InvalidInputException("device uuid must not be null");
        }
        int bytes = Utf8.length(value);
        if (bytes == 0) {
            throw new InvalidInputException("device uuid must not be empty (leave it out instead)");
        }
        if (bytes > MAX_BYTES) {
            throw new InvalidInputException(
                    "device uuid is " + bytes + " bytes, the kernel allows at most " + MAX_BYTES + ": '" + value + "'");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidInputException("device uuid must not contain NUL");
        }
    }

    public static DeviceUuid of(String value) {
        return new DeviceUuid(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
