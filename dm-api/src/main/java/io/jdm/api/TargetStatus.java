package io.jdm.api;

/** One target's line of {@code DM_TABLE_STATUS}: where it sits, its type, and the text it reported. */
public record TargetStatus(long start, long length, String type, String text) {
    @Override
    public String toString() {
        return text.isEmpty() ? start + " " + length + " " + type : start + " " + length + " " + type + " " + text;
    }
}
