package io.jdm.api.internal;

import io.jdm.api.TableLine;

/**
 * The rules of a target message's text ({@code DM_TARGET_MSG}). The kernel splits it with
 * {@code dm_split_args}, as it splits table params: so it is sent the same way, every backslash doubled
 * (a backslash stays a backslash, it never escapes a separator), and the same characters cannot go
 * ({@link KernelWords#firstCutCharacter}). A message is one line: a line break or another control
 * character (a tab separates words, and may stay) can only be a mistake, e.g. two messages pasted as one.
 */
public final class MessageText {
    private MessageText() {
    }

    /** Why {@code message} cannot be sent, or null when it can; never quotes the text (it may hold a key). */
    public static String whyNotSendable(String message) {
        if (KernelWords.count(message) == 0) {
            return "a message must hold at least one word";
        }
        for (int i = 0, n = message.length(); i < n; i++) {
            char c = message.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(message.charAt(i + 1))) {
                i++;
                continue;
            }
            String why = c == '\0' ? "NUL, which would end it early"
                    : c == '\n' || c == '\r' ? "a line break (send each message on its own)"
                    : c != '\t' && Character.isISOControl(c) ? "a control character"
                    : Character.isSurrogate(c) ? "a lone surrogate, which UTF-8 cannot encode"
                    : null;
            if (why != null) {
                return "a message must not hold U+" + String.format("%04X", (int) c) + " (character " + i + "): " + why;
            }
        }
        return KernelWords.whyNotSendable("the message", message);
    }

    /** True when the message carries key material and must go as secure data (see {@link CryptKeyWord#inMessage}). */
    public static boolean holdsKeyMaterial(String message) {
        return CryptKeyWord.inMessage(message) != null;
    }

    /** The message as an error or a log may show it: a key withheld as {@link TableLine#SECRET_WORD}. */
    public static String shown(String message) {
        return CryptKeyWord.replacedInMessage(message, TableLine.SECRET_WORD);
    }
}
