package io.jdm.targets.message;

import io.jdm.api.InvalidInputException;
import io.jdm.targets.ThinTarget;

/**
 * A message to a {@code thin-pool}, checked when made: {@link #format()} is exactly the text the
 * kernel receives (what {@link ThinPool} sends, and what a tool can show). Ids are 24-bit.
 */
public sealed interface ThinPoolMessage {
    /** The kernel's text of this message. */
    String format();

    /** {@code create_thin <id>}: a new, empty thin device (EEXIST if the id is taken). */
    record CreateThin(long id) implements ThinPoolMessage {
        public CreateThin {
            ThinTarget.requireDeviceId("thin device id", id);
        }

        @Override
        public String format() {
            return "create_thin " + id;
        }
    }

    /** {@code create_snap <id> <originId>}: a snapshot sharing every block of the origin. */
    record CreateSnap(long id, long originId) implements ThinPoolMessage {
        public CreateSnap {
            ThinTarget.requireDeviceId("snapshot id", id);
            ThinTarget.requireDeviceId("origin id", originId);
            if (id == originId) {
                throw new InvalidInputException("thin-pool: snapshot id and origin id must differ, both are " + id);
            }
        }

        @Override
        public String format() {
            return "create_snap " + id + " " + originId;
        }
    }

    /** {@code delete <id>}: frees the thin device's blocks (EBUSY while a thin device maps it and is open). */
    record Delete(long id) implements ThinPoolMessage {
        public Delete {
            ThinTarget.requireDeviceId("thin device id", id);
        }

        @Override
        public String format() {
            return "delete " + id;
        }
    }

    /** {@code set_transaction_id <current> <next>}: a compare-and-set (EINVAL when current is not the pool's). */
    record SetTransactionId(long current, long next) implements ThinPoolMessage {
        public SetTransactionId {
            if (current < 0 || next < 0) {
                throw new InvalidInputException("thin-pool: transaction ids must not be negative, got " + current + " and " + next);
            }
        }

        @Override
        public String format() {
            return "set_transaction_id " + current + " " + next;
        }
    }

    /** {@code reserve_metadata_snap}: a consistent metadata snapshot for userspace readers. */
    record ReserveMetadataSnap() implements ThinPoolMessage {
        @Override
        public String format() {
            return "reserve_metadata_snap";
        }
    }

    /** {@code release_metadata_snap}. */
    record ReleaseMetadataSnap() implements ThinPoolMessage {
        @Override
        public String format() {
            return "release_metadata_snap";
        }
    }
}
