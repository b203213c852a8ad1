package io.jdm.api;

import io.jdm.api.internal.CryptKeyWord;
import io.jdm.api.internal.KernelWords;
import io.jdm.api.internal.TableText;

import java.util.Objects;

/**
 * One target of a table: {@code length} sectors from {@code start}, mapped by {@code type} with
 * {@code params}. Params are the target's own text, unescaped: when the line is sent to the kernel each
 * backslash is doubled, because the kernel's argument splitter treats {@code '\'} as an escape.
 *
 * <p>A line may carry key material as a {@link SecretBytes} instead of text: its params then hold the
 * word {@link #SECRET_WORD} where the key goes, and the kernel receives the key there as lower-case hex,
 * written straight into the request buffer. Such a line is loaded with {@code DM_SECURE_DATA_FLAG}, and a
 * crypt table read back from the kernel comes back in this form. {@link #params()} and
 * {@link #toString()} never hold the key; {@link #revealedParams()} does, for a person who asked to see it.
 *
 * @param secret the key material the params' {@link #SECRET_WORD} stands for, or null
 */
public record TableLine(long start, long length, String type, String params, SecretBytes secret) {
    /** {@code DM_MAX_TYPE_NAME} (16) less the terminating NUL. */
    public static final int MAX_TYPE_BYTES = 15;
    /** The kernel refuses devices larger than {@code LLONG_MAX >> 9} sectors. */
    public static final long MAX_SECTORS = Long.MAX_VALUE >> 9;
    /** Stands for the key in the params of a line with a {@link #secret()}. */
    public static final String SECRET_WORD = "<secret>";

    public TableLine {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(params, "params");
        if (start < 0) {
            throw new InvalidInputException("target start must not be negative: " + start);
        }
        if (length <= 0) {
            throw new InvalidInputException("target length must be positive, got " + length + " for '" + type + "' at " + start);
        }
        if (start > MAX_SECTORS - length) {
            throw new InvalidInputException("target at " + start + " of length " + length + " ends past the kernel's largest device ("
                    + MAX_SECTORS + " sectors)");
        }
        checkType(type);
        if (params.indexOf('\0') >= 0) {
            throw new InvalidInputException("target params must not contain NUL (target '" + type + "' at " + start + ")");
        }
        String unsendable = KernelWords.whyNotSendable("the params of target '" + type + "' at " + start, params);
        if (unsendable != null) {
            throw new InvalidInputException(unsendable);
        }
        if (secret != null) {
            if (secret.isDestroyed()) {
                throw new InvalidInputException("the secret of target '" + type + "' at " + start + " was destroyed");
            }
            if (TableText.secretWordAt(params) < 0) {
                throw new InvalidInputException("target '" + type + "' at " + start + " has a secret, so its params must hold the word "
                        + SECRET_WORD + " exactly once where the secret goes");
            }
        }
    }

    /** A line without secret material. */
    public TableLine(long start, long length, String type, String params) {
        this(start, length, type, params, null);
    }

    public static TableLine of(long start, long length, String type, String params) {
        return new TableLine(start, length, type, params);
    }

    /**
     * A line whose params hold {@link #SECRET_WORD} where {@code secret} goes. The line shares
     * {@code secret}: destroying it makes the line unusable.
     */
    public static TableLine withSecret(long start, long length, String type, String params, SecretBytes secret) {
        return new TableLine(start, length, type, params, Objects.requireNonNull(secret, "secret"));
    }

    /**
     * True when the line holds key material in any form: a {@link #secret()}, or a crypt key written
     * into the params as text. Such a line is loaded with {@code DM_SECURE_DATA_FLAG}.
     */
    public boolean holdsKeyMaterial() {
        return secret != null || (type.equals(CryptKeyWord.TYPE) && CryptKeyWord.in(params) != null);
    }

    /** Checks a target type name the way the kernel will: 1..15 bytes, no whitespace or control characters. */
    public static void checkType(String type) {
        int bytes = Utf8.length(type);
        if (bytes == 0 || bytes > MAX_TYPE_BYTES) {
            throw new InvalidInputException("target type must be 1.." + MAX_TYPE_BYTES + " bytes, got '" + type + "'");
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new InvalidInputException("target type must not contain whitespace or control characters: '" + type + "'");
            }
        }
    }

    /** First sector after this target. */
    public long end() {
        return start + length;
    }

    /**
     * The params as the kernel must receive them: every backslash doubled. For a line with a
     * {@link #secret()} this still holds {@link #SECRET_WORD}: the encoder writes the key in its place.
     */
    public String escapedParams() {
        return TableText.escape(params);
    }

    /**
     * The params with the secret written in as hex: the kernel's text, key included. The String cannot
     * be wiped, so use this only to show the key to someone who asked for it (dmsetup's --showkeys).
     */
    public String revealedParams() {
        if (secret == null) {
            return params;
        }
        int at = TableText.secretWordAt(params);
        StringBuilder sb = new StringBuilder(params.length() + 2 * secret.length());
        secret.appendHexTo(sb.append(params, 0, at));
        return sb.append(params, at + SECRET_WORD.length(), params.length()).toString();
    }

    /**
     * The dmsetup table form, {@code "start length type params"}, safe for logs: a crypt target's key
     * (its second parameter, unless it names a keyring key or is {@code -}) shows as {@link #SECRET_WORD},
     * whether the line carries it as a {@link #secret()} or as text in {@link #params()}.
     */
    @Override
    public String toString() {
        String shown = displayParams();
        return shown.isEmpty() ? start + " " + length + " " + type : start + " " + length + " " + type + " " + shown;
    }

    /** The params with any key material withheld (see {@link #toString()}). */
    public String displayParams() {
        return secret == null && type.equals(CryptKeyWord.TYPE) ? CryptKeyWord.replaced(params, SECRET_WORD) : params;
    }
}
