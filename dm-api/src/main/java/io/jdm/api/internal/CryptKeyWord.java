package io.jdm.api.internal;

import io.jdm.api.TableLine;

/**
 * Where a dm-crypt table holds its key: the second word of {@code <cipher> <key> <iv_offset> <dev>
 * <offset> ...}, as the kernel splits words ({@link KernelWords}). A key word of {@code -} (no key, for
 * {@code cipher_null}), a keyring reference ({@code :<size>:<type>:<description>}) or
 * {@link TableLine#SECRET_WORD} (the key travels as secret bytes) is no key material. The same key
 * travels in dm-crypt's message {@code key set <key>} (the kernel matches both words case-insensitively).
 * This is the one place that knows it: loading and messaging with secure data, hiding keys in messages
 * and output, and decoding a key read back from the kernel all ask here.
 */
public final class CryptKeyWord {
    /** The type whose table carries a key. */
    public static final String TYPE = "crypt";
    private static final int KEY_WORD = 1;

    private CryptKeyWord() {
    }

    /** The bounds {@code [from, to)} of the key material in crypt {@code params}, or null when they hold none. */
    public static int[] in(String params) {
        return in(KernelWords.ByteSource.of(params), params.length());
    }

    /** The same for {@code length} bytes of params wherever they are (a reply buffer). */
    public static int[] in(KernelWords.ByteSource bytes, int length) {
        int[] word = KernelWords.wordBounds(bytes, length, KEY_WORD);
        if (word == null) {
            return null;
        }
        int first = bytes.at(word[0]);
        boolean none = word[1] - word[0] == 1 && first == '-';
        return none || first == ':' || isSecretWord(bytes, word) ? null : word;
    }

    /**
     * The bounds {@code [from, to)} of the key in a target message {@code key set <key>} (dm-crypt's, the
     * only message that carries key material), or null when {@code message} is no such message or sets a
     * keyring key ({@code :<size>:<type>:<description>}).
     */
    public static int[] inMessage(String message) {
        KernelWords.ByteSource bytes = KernelWords.ByteSource.of(message);
        int[] key = KernelWords.wordBounds(bytes, message.length(), 2);
        if (key == null || !isWord(message, KernelWords.wordBounds(bytes, message.length(), 0), "key")
                || !isWord(message, KernelWords.wordBounds(bytes, message.length(), 1), "set")) {
            return null;
        }
        return message.charAt(key[0]) == ':' ? null : key;
    }

    private static boolean isWord(String text, int[] word, String expected) {
        return word[1] - word[0] == expected.length() && text.regionMatches(true, word[0], expected, 0, expected.length());
    }

    /** {@code message} with the key of a {@code key set} message (if any) replaced by {@code replacement}. */
    public static String replacedInMessage(String message, String replacement) {
        return replaced(message, inMessage(message), replacement);
    }

    private static String replaced(String text, int[] key, String replacement) {
        return key == null ? text : text.substring(0, key[0]) + replacement + text.substring(key[1]);
    }

    private static boolean isSecretWord(KernelWords.ByteSource bytes, int[] word) {
        String secret = TableLine.SECRET_WORD;
        if (word[1] - word[0] != secret.length()) {
            return false;
        }
        for (int i = 0; i < secret.length(); i++) {
            if (bytes.at(word[0] + i) != secret.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code params} with the key material (if any) replaced by {@code replacement}. */
    public static String replaced(String params, String replacement) {
        return replaced(params, in(params), replacement);
    }

    /** {@code params} with each character of the key material (if any) written as {@code '0'}, as dmsetup shows keys. */
    public static String zeroed(String params) {
        int[] key = in(params);
        return key == null ? params : params.substring(0, key[0]) + "0".repeat(key[1] - key[0]) + params.substring(key[1]);
    }
}
