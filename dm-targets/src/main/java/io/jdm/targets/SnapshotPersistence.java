package io.jdm.targets;

import java.util.Locale;
import java.util.Optional;

/** A snapshot's exception store: {@code P}, {@code PO} (persistent, userspace understands "Overflow") or {@code N}. */
public enum SnapshotPersistence {
    PERSISTENT("P"), PERSISTENT_OVERFLOW("PO"), TRANSIENT("N");

    private final String word;

    SnapshotPersistence(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** Upper-cases as the kernel does; any other suffix is refused. */
    public static Optional<SnapshotPersistence> fromWord(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        for (SnapshotPersistence p : values()) {
            if (p.word.equals(upper)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
