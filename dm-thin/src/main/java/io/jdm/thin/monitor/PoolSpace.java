package io.jdm.thin.monitor;

/** The two spaces of a thin pool that can run out: its data device and its metadata device. */
public enum PoolSpace {
    DATA("data"), METADATA("metadata");

    private final String word;

    PoolSpace(String word) {
        this.word = word;
    }

    @Override
    public String toString() {
        return word;
    }
}
