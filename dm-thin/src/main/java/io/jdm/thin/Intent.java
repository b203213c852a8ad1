package io.jdm.thin;

/**
 * One pool change announced in the journal before its pool message is sent: the pool's transaction
 * id before it ({@code fromTxid}; the change commits {@code fromTxid + 1} with the kernel's
 * compare-and-set {@code set_transaction_id}), the operation, the thin id it touches and the volume.
 */
record Intent(long fromTxid, Operation operation, int thinId, VolumeRecord volume) {
    enum Operation { CREATE, SNAPSHOT, DELETE }

    /** What recovery must do with an open intent, given what the pool holds after a crash. */
    enum Action {
        /** The pool committed the change: write (or for a delete, remove) the record. */
        ROLL_FORWARD,
        /** The pool made the thin device but did not commit: delete that thin id, keep no record. */
        DELETE_THIN,
        /** The pool deleted the thin device but did not commit: commit the txid, then remove the record. */
        COMMIT_AND_FORGET,
        /** Nothing reached the pool: drop the intent. */
        DISCARD
    }

    /**
     * Decides from the pool's current transaction id and whether the pool holds {@link #thinId()}.
     * A txid that is neither before nor after this intent means someone else changed the pool: no
     * guess is made.
     */
    Action recover(long poolTxid, boolean poolHoldsThin) {
        if (poolTxid == fromTxid + 1) {
            return Action.ROLL_FORWARD;
        }
        if (poolTxid != fromTxid) {
            throw new VolumeStateException(VolumeStateException.Kind.CORRUPT, java.nio.file.Path.of(Journal.FILE),
                    "open intent " + operation + " of thin id " + thinId + " expects pool transaction id " + fromTxid
                            + " or " + (fromTxid + 1) + " but the pool holds " + poolTxid
                            + ": the pool was changed by someone else", null);
        }
        return switch (operation) {
            case CREATE, SNAPSHOT -> poolHoldsThin ? Action.DELETE_THIN : Action.DISCARD;
            case DELETE -> poolHoldsThin ? Action.DISCARD : Action.COMMIT_AND_FORGET;
        };
    }
}
