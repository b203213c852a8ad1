package io.jdm.targets.status;

/**
 * A status text a parser could not read: which target's status, the text as received, and why.
 */
public record StatusParseError(String targetType, String text, String reason) {
    public String message() {
        return targetType + " status not understood (" + reason + "): '" + text + "'";
    }

    @Override
    public String toString() {
        return message();
    }
}
