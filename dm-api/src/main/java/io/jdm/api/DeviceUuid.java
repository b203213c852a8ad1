package io.jdm.api;


/**
 * A device-mapper uuid: an arbitrary string of at most 128 bytes (UTF-8, no NUL) that the kernel keeps
 * unique across devices. Despite the name it need not look like a UUID (lvm2 uses {@code LVM-...}).
 * An empty uuid means "none" and is only meaningful when listing; use {@code Optional} elsewhere.
 *
 * <p>As for {@link DeviceName}, the constructor holds a uuid to the kernel's rules only (so any uuid the
 * kernel reports can be represented) and {@link #of(String)}, for input, refuses what it refuses in names.
 */
public record DeviceUuid(String value) {
    /** Longest uuid in bytes: {@code DM_UUID_LEN} (129) less the terminating NUL. */
    public static final int MAX_BYTES = 128;

    public DeviceUuid {
        if (value == null) {
            throw new InvalidInputException("device uuid must not be null");
        }
        int bytes = Utf8.decodedLength(value);
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

    /** A uuid given as input: the kernel's rules, and none of the characters jdm refuses in input (lone surrogates, U+FFFD, control characters, non-ASCII spaces). */
    public static DeviceUuid of(String value) {
        DeviceUuid uuid = new DeviceUuid(value);
        InputText.check("device uuid", value, MAX_BYTES);
        return uuid;
    }

    /** False for a uuid read back with bytes that are not UTF-8 (see {@link DeviceName#exact()}). */
    public boolean exact() {
        return !Utf8.isInexact(value);
    }

    /** This uuid, checked to be {@linkplain #exact() exact}, for a request that carries it. */
    public DeviceUuid requireExact() {
        InputText.requireExact("device uuid", value);
        return this;
    }

    @Override
    public String toString() {
        return value;
    }
}
