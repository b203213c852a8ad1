package io.jdm.targets;

import io.jdm.api.InvalidInputException;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * The key of a {@code crypt} table: secret bytes (sent as hex), a reference to a key in the kernel
 * keyring ({@code :<size>:<type>:<description>}), or none ({@code -}, for {@code cipher_null}).
 * Key bytes never appear in {@code toString()} or in an exception message.
 */
public sealed interface CryptKey permits CryptKey.Secret, CryptKey.Keyring, CryptKey.None {

    /** The key's word in the table. For {@link Secret} this is the key itself: keep it out of logs. */
    String format();

    static Secret bytes(byte[] key) {
        return new Secret(key);
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
     * Key bytes held in an array of our own, handed out only as copies; {@link #destroy()} wipes it.
     * Two secrets are equal when their bytes are (compared in constant time).
     */
    final class Secret implements CryptKey {
        private final byte[] key;
        private volatile boolean destroyed;

        private Secret(byte[] key) {
            if (key == null || key.length == 0) {
                throw new InvalidInputException(CryptTarget.TYPE + ": key bytes must not be empty (use CryptKey.none() for no key)");
            }
            this.key = key.clone();
        }

        static Secret parseHex(String hex) {
            if (hex.isEmpty() || hex.length() % 2 != 0) {
                throw new InvalidInputException(CryptTarget.TYPE + ": key must be an even number of hex digits, '-' or a"
                        + " keyring reference ':<size>:<type>:<description>' (key of " + hex.length() + " characters hidden)");
            }
            for (int i = 0; i < hex.length(); i++) {
                if (Character.digit(hex.charAt(i), 16) < 0) {
                    throw new InvalidInputException(CryptTarget.TYPE + ": key must be hex digits; character " + i
                            + " is not (key hidden)");
                }
            }
            byte[] bytes = HexFormat.of().parseHex(hex);
            try {
                return new Secret(bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }

        /** A copy of the key bytes; wipe it when done. */
        public byte[] bytes() {
            requireAlive();
            return key.clone();
        }

        public int length() {
            return key.length;
        }

        /** Wipes the key bytes; the value is unusable afterwards. */
        public void destroy() {
            destroyed = true;
            Arrays.fill(key, (byte) 0);
        }

        public boolean isDestroyed() {
            return destroyed;
        }

        private void requireAlive() {
            if (destroyed) {
                throw new InvalidInputException(CryptTarget.TYPE + ": the key was destroyed");
            }
        }

        /** Lower-case hex, as the kernel prints the key back. */
        @Override
        public String format() {
            requireAlive();
            return HexFormat.of().formatHex(key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Secret s && MessageDigest.isEqual(key, s.key);
        }

        /** Only the length: a hash of the bytes would tell something about them. */
        @Override
        public int hashCode() {
            return key.length;
        }

        @Override
        public String toString() {
            return "CryptKey.Secret[" + key.length + " bytes, hidden]";
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
            long size = Check.decimalOrMinus(word.substring(1, second), Integer.MAX_VALUE);
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
