package io.jdm.targets;

import java.util.Optional;

/** A snapshot's exception store: {@code P}, {@code PO} (persistent, userspace understands "Overflow") or {@code N}. */
public enum SnapshotPersistence implements KernelWord {
    PERSISTENT("P"), PERSISTENT_OVERFLOW("PO"), TRANSIENT("N");

    private final String word;

    SnapshotPersistence(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    /** In any case, as the kernel upper-cases it; any other suffix is refused. */
    public static Optional<SnapshotPersistence> fromWord(String word) {
        return KernelWord.lookup(SnapshotPersistence.class, word);
    }
}
