package io.jdm.api;

import io.jdm.api.internal.Hex;

import javax.security.auth.Destroyable;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * Key material (a crypt key) held in one array that jdm owns and can wipe. It is never turned into a
 * {@link String} by jdm, because a String cannot be wiped: the kernel receives it as lower-case hex
 * written straight into the native request buffer, and a table read back from the kernel brings it
 * back here, decoded straight out of the reply buffer. Both buffers are zeroed after the call.
 *
 * <p>{@link #destroy()} zeroes the bytes; every value that shares this instance (a {@link TableLine},
 * a typed crypt key) is unusable afterwards. Two instances are equal when their bytes are, compared
 * in constant time; {@link #toString()} and {@link #hashCode()} tell only the length.
 */
public final class SecretBytes implements Destroyable {
    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidInputException("secret bytes must not be empty");
        }
        this.bytes = bytes;
    }

    /** A secret holding a copy of {@code bytes}; the caller still owns (and should wipe) its array. */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /**
     * A secret of {@code length} bytes, byte {@code i} being {@code byteAt.applyAsInt(i) & 0xff}: lets a
     * decoder fill the secret from wherever the bytes are without an intermediate array.
     */
    public static SecretBytes generate(int length, IntUnaryOperator byteAt) {
        if (length <= 0) {
            throw new InvalidInputException("secret bytes must not be empty");
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) byteAt.applyAsInt(i);
        }
        return new SecretBytes(bytes);
    }

    /**
     * Decodes {@code length} hex digits of {@code hex} from {@code from}, or returns null when they are
     * not all hex digits or their count is odd or zero. Never quotes the text.
     */
    public static SecretBytes fromHex(CharSequence hex, int from, int length) {
        if (length <= 0 || length % 2 != 0) {
            return null;
        }
        for (int i = from; i < from + length; i++) {
            if (Hex.value(hex.charAt(i)) < 0) {
                return null;
            }
        }
        return generate(length / 2, i -> Hex.value(hex.charAt(from + 2 * i)) << 4 | Hex.value(hex.charAt(from + 2 * i + 1)));
    }

    public int length() {
        return bytes.length;
    }

    /**
     * Appends the bytes as lower-case hex, as the kernel prints keys. The text cannot be wiped: only for
     * showing a key to a person who asked for it.
     */
    public StringBuilder appendHexTo(StringBuilder sb) {
        requireAlive();
        for (byte b : bytes) {
            sb.append((char) Hex.digit((b & 0xff) >>> 4)).append((char) Hex.digit(b & 0xf));
        }
        return sb;
    }

    /** Byte {@code i}, for writing the secret somewhere without copying it into a new array. */
    public byte byteAt(int i) {
        requireAlive();
        return bytes[i];
    }

    /** A copy of the bytes; wipe it when done. */
    public byte[] copy() {
        requireAlive();
        return bytes.clone();
    }

    /** Zeroes the bytes; the secret cannot be used afterwards. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void requireAlive() {
        if (destroyed) {
            throw new IllegalStateException("the secret was destroyed");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretBytes s && MessageDigest.isEqual(bytes, s.bytes);
    }

    /** Only the length: a hash of the bytes would tell something about them. */
    @Override
    public int hashCode() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, hidden]";
    }
}
