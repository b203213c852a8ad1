package io.jdm.api;


/**
 * A device-mapper device name: 1 to 127 bytes of UTF-8, no {@code '/'}, no NUL, and not one of the
 * names the kernel reserves ({@code control}, {@code .}, {@code ..}).
 *
 * <p>The constructor holds a name to the kernel's rules only, so that every name the kernel reports
 * can be represented, even one that another tool made with bytes that are not UTF-8 (it decodes with
 * U+FFFD where they were; such a name is not {@linkplain #exact() exact}). {@link #of(String)}, for
 * input, also refuses what jdm cannot send byte for byte, control characters and non-ASCII spaces.
 */
public record DeviceName(String value) implements Comparable<DeviceName> {
    /** Longest name in bytes: {@code DM_NAME_LEN} (128) less the terminating NUL. */
    public static final int MAX_BYTES = 127;

    public DeviceName {
        if (value == null) {
            throw new InvalidInputException("device name must not be null");
        }
        int bytes = Utf8.decodedLength(value);
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

    /** A name given as input: the kernel's rules, and none of the characters jdm refuses in input (lone surrogates, U+FFFD, control characters, non-ASCII spaces). */
    public static DeviceName of(String value) {
        DeviceName name = new DeviceName(value);
        InputText.check("device name", value, MAX_BYTES);
        return name;
    }

    /**
     * False for a name read back from the kernel that was not valid UTF-8 (or one holding a lone
     * surrogate): it cannot be sent as the bytes it stands for, so such a device is addressed by number.
     */
    public boolean exact() {
        return !Utf8.isInexact(value);
    }

    /** This name, checked to be {@linkplain #exact() exact}, for a request that names a device. */
    public DeviceName requireExact() {
        InputText.requireExact("device name", value);
        return this;
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
