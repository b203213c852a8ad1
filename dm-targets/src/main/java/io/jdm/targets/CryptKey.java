package io.jdm.targets;

import io.jdm.api.InvalidInputException;
import io.jdm.api.internal.Decimal;
import io.jdm.api.SecretBytes;
import io.jdm.api.internal.Hex;

import java.util.Objects;
import java.util.Set;

/**
 * The key of a {@code crypt} table: secret bytes (sent as hex), a reference to a key in the kernel
 * keyring ({@code :<size>:<type>:<description>}), or none ({@code -}, for {@code cipher_null}).
 * Key bytes never appear in {@code toString()} or in an exception message.
 */
public sealed interface CryptKey permits CryptKey.Secret, CryptKey.Keyring, CryptKey.None {

    /** The key's word in the table. For {@link Secret} this is the key itself: keep it out of logs. */
    String format();

    /** A key holding a copy of {@code key}; wipe your array when done. */
    static Secret bytes(byte[] key) {
        if (key == null || key.length == 0) {
            throw new InvalidInputException(CryptTarget.TYPE + ": key bytes must not be empty (use CryptKey.none() for no key)");
        }
        return new Secret(SecretBytes.copyOf(key));
    }

    /** A key over {@code secret}, shared (not copied): e.g. the key of a table line read back from the kernel. */
    static Secret of(SecretBytes secret) {
        return new Secret(Objects.requireNonNull(secret, "secret"));
    }

    static Keyring keyring(int keySize, String keyType, String description) {
        return new Keyring(keySize, keyType, description);
    }

    static None none() {
        return None.INSTANCE;
    }

    /**
     * Parses the key word of a table; errors say what is wrong, never what the word was.
     */
    static CryptKey parse(String word) {
        if (word.equals("-")) {
            return None.INSTANCE;
        }
        if (word.startsWith(":")) {
            return Keyring.parse(word);
        }
        return Secret.parseHex(word);
    }

    /**
     * Key bytes, held as {@link SecretBytes}: never a String on jdm's load and read-back paths, compared in
     * constant time, wiped by {@link #destroy()}. A table line made from this key shares the same
     * {@link SecretBytes}, so destroying the key wipes the line's too.
     */
    final class Secret implements CryptKey {
        private final SecretBytes bytes;

        private Secret(SecretBytes bytes) {
            this.bytes = bytes;
        }

        static Secret parseHex(String hex) {
            if (hex.isEmpty() || hex.length() % 2 != 0) {
                throw new InvalidInputException(CryptTarget.TYPE + ": key must be an even number of hex digits, '-' or a"
                        + " keyring reference ':<size>:<type>:<description>' (key of " + hex.length() + " characters hidden)");
            }
            for (int i = 0; i < hex.length(); i++) {
                if (Hex.value(hex.charAt(i)) < 0) {
                    throw new InvalidInputException(CryptTarget.TYPE + ": key must be hex digits; character " + i
                            + " is not (key hidden)");
                }
            }
            return new Secret(SecretBytes.fromHex(hex, 0, hex.length()));
        }

        /** The key's bytes as jdm holds them; shared, not copied. */
        public SecretBytes secretBytes() {
            return bytes;
        }

        /** A copy of the key bytes; wipe it when done. */
        public byte[] bytes() {
            requireAlive();
            return bytes.copy();
        }

        public int length() {
            return bytes.length();
        }

        /** Wipes the key bytes (and those of every table line made from this key); the value is unusable afterwards. */
        public void destroy() {
            bytes.destroy();
        }

        public boolean isDestroyed() {
            return bytes.isDestroyed();
        }

        private void requireAlive() {
            if (bytes.isDestroyed()) {
                throw new InvalidInputException(CryptTarget.TYPE + ": the key was destroyed");
            }
        }

        /**
         * The key as lower-case hex, as the kernel prints it back. This String cannot be wiped: jdm's own
         * load path never calls it (see {@link CryptTarget#line(long, long)}).
         */
        @Override
        public String format() {
            requireAlive();
            return bytes.appendHexTo(new StringBuilder(2 * bytes.length())).toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Secret s && bytes.equals(s.bytes);
        }

        /** Only the length: a hash of the bytes would tell something about them. */
        @Override
        public int hashCode() {
            return bytes.length();
        }

        @Override
        public String toString() {
            return "CryptKey.Secret[" + bytes.length() + " bytes, hidden]";
        }
    }

    /**
     * A key in the kernel keyring: {@code :<keySize>:<keyType>:<description>}. The kernel reads it back
     * in the same form, never the key itself.
     */
    record Keyring(int keySize, String keyType, String description) implements CryptKey {
        /** The key types dm-crypt looks keys up in. */
        public static final Set<String> TYPES = Set.of("logon", "user", "encrypted", "trusted");

        public Keyring {
            Check.range(CryptTarget.TYPE, "keyring key size (bytes)", keySize, 1, Integer.MAX_VALUE);
            Check.word(CryptTarget.TYPE, "keyring key type", keyType);
            if (!TYPES.contains(keyType)) {
                throw new InvalidInputException(CryptTarget.TYPE + ": keyring key type must be one of " + TYPES.stream().sorted().toList()
                        + ", got '" + keyType + "'");
            }
            Check.word(CryptTarget.TYPE, "keyring key description", description);
        }

        static Keyring parse(String word) {
            // :<size>:<type>:<description>; the description may itself hold colons
            int second = word.indexOf(':', 1);
            int third = second < 0 ? -1 : word.indexOf(':', second + 1);
            if (second < 0 || third < 0) {
                throw new InvalidInputException(CryptTarget.TYPE + ": keyring reference must be ':<size>:<type>:<description>'");
            }
            long size = Decimal.parse(word.substring(1, second), Integer.MAX_VALUE);
            if (size < 0) {
                throw new InvalidInputException(CryptTarget.TYPE + ": keyring key size must be a decimal number");
            }
            return new Keyring((int) size, word.substring(second + 1, third), word.substring(third + 1));
        }

        @Override
        public String format() {
            return ":" + keySize + ":" + keyType + ":" + description;
        }
    }

    /** No key ({@code -}), only for {@code cipher_null}. */
    enum None implements CryptKey {
        INSTANCE;

        @Override
        public String format() {
            return "-";
        }
    }
}
