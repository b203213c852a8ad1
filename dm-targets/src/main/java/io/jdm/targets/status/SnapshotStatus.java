package io.jdm.targets.status;

import io.jdm.targets.SnapshotTarget;

import java.util.OptionalLong;

/**
 * The status of a {@code snapshot} or {@code snapshot-merge}: {@link Usage}, or one of the kernel's
 * single-state texts {@code Invalid}, {@code Merge failed}, {@code Overflow}, {@code Unknown}.
 */
public sealed interface SnapshotStatus {
    String TYPE = SnapshotTarget.TYPE;

    /**
     * @param metadataSectors absent when the kernel printed only the first two numbers (older kernels)
     */
    record Usage(long allocatedSectors, long totalSectors, OptionalLong metadataSectors) implements SnapshotStatus {
        /** For snapshot-merge: the merge is done when only metadata is left allocated. */
        public boolean mergeComplete() {
            return metadataSectors.isPresent() && allocatedSectors == metadataSectors.getAsLong();
        }
    }

    /** The snapshot was invalidated (e.g. its COW device filled up, without overflow support). */
    record Invalid() implements SnapshotStatus {
    }

    record MergeFailed() implements SnapshotStatus {
    }

    /** The COW device filled up ({@code PO} snapshots): the snapshot is no longer written. */
    record Overflow() implements SnapshotStatus {
    }

    /** The exception store cannot tell its usage. */
    record Unknown() implements SnapshotStatus {
    }

    static StatusResult<SnapshotStatus> parse(String text) {
        return Words.read(TYPE, text, w -> {
            switch (text.strip()) {
                case "Invalid" -> {
                    return new Invalid();
                }
                case "Merge failed" -> {
                    return new MergeFailed();
                }
                case "Overflow" -> {
                    return new Overflow();
                }
                case "Unknown" -> {
                    return new Unknown();
                }
                default -> {
                }
            }
            long[] usage = w.ratio("allocated/total sectors");
            OptionalLong metadata = w.hasNext() ? OptionalLong.of(w.number("metadata sectors")) : OptionalLong.empty();
            return new Usage(usage[0], usage[1], metadata);
        });
    }
}
