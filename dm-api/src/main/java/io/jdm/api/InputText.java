package io.jdm.api;

/**
 * What jdm refuses in names and uuids given as input, beyond what the kernel itself refuses: text that
 * cannot go to the kernel byte for byte (a lone surrogate, the replacement character that stands for
 * undecodable bytes), control characters (the kernel takes them, but udev rules, {@code /dev/mapper}
 * and terminals do not), and spaces other than ASCII's, which look like one and are not. Names read
 * back from the kernel are never held to these rules: a device someone else made must stay listable.
 */
final class InputText {
    private InputText() {
    }

    /** Why {@code value} is refused as {@code what}, or null when it is fine; names the character, not the text. */
    static String whyRefused(String what, String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            String why = Character.isSurrogate(c) ? "a lone surrogate, which UTF-8 cannot encode"
                    : c == Utf8.REPLACEMENT ? "the replacement character, which stands for bytes that were not UTF-8"
                    : Character.isISOControl(c) ? "a control character"
                    : c >= 0x80 && (Character.isSpaceChar(c) || Character.isWhitespace(c)) ? "a space that is not ASCII's"
                    : null;
            if (why != null) {
                return what + " holds U+" + String.format("%04X", (int) c) + " at character " + i + ": " + why;
            }
        }
        return null;
    }

    /**
     * Checks {@code value}, already held to the kernel's rules, as input: its real UTF-8 size (the
     * constructors count a U+FFFD as the one byte it may stand for) and the characters refused here.
     */
    static void check(String what, String value, int maxBytes) {
        int bytes = Utf8.length(value);
        if (bytes > maxBytes) {
            throw new InvalidInputException(what + " is " + bytes + " bytes, the kernel allows at most " + maxBytes);
        }
        String why = whyRefused(what, value);
        if (why != null) {
            throw new InvalidInputException(why);
        }
    }

    /** Refuses to send {@code value} when it is not the exact text of the bytes it stands for. */
    static void requireExact(String what, String value) {
        if (Utf8.isInexact(value)) {
            throw new InvalidInputException(what + " '" + value + "' was read back from the kernel with bytes that are not UTF-8"
                    + " (shown as U+FFFD) and cannot be sent as it is: address the device by its number");
        }
    }
}
