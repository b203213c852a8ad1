package io.jdm.targets.message;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.api.StatusReport;
import io.jdm.api.TargetStatus;
import io.jdm.targets.ThinTarget;
import io.jdm.targets.status.StatusResult;
import io.jdm.targets.status.ThinPoolStatus;

import java.util.Objects;
import java.util.Optional;

/**
 * The messages of a live {@code thin-pool} device: thin and snapshot creation, deletion, the
 * transaction id and the metadata snapshot. Ids are checked (24 bits) before anything is sent. The
 * kernel commits the pool's metadata after each successful message.
 */
public final class ThinPool {
    private final DeviceMapper dm;
    private final DeviceRef pool;

    private ThinPool(DeviceMapper dm, DeviceRef pool) {
        this.dm = Objects.requireNonNull(dm, "dm");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    public static ThinPool of(DeviceMapper dm, DeviceRef pool) {
        return new ThinPool(dm, pool);
    }

    public DeviceRef pool() {
        return pool;
    }

    /** {@code create_thin <id>}: a new, empty thin device (EEXIST if the id is taken). */
    public void createThin(long id) {
        ThinTarget.requireDeviceId("thin device id", id);
        send("create_thin " + id);
    }

    /**
     * {@code create_snap <id> <originId>} for an origin that is not active (no thin device maps it
     * now). If it is active, use {@link #createSnap(long, long, DeviceRef)}: the origin must be suspended
     * around the message, or the snapshot may miss writes in flight.
     */
    public void createSnap(long id, long originId) {
        checkSnapIds(id, originId);
        send("create_snap " + id + " " + originId);
    }

    /**
     * {@code create_snap} of an active origin: suspends {@code activeOrigin} (the thin device mapping
     * {@code originId}), sends the message, and resumes it again, also when the message fails. An origin
     * that was already suspended is left suspended.
     */
    public void createSnap(long id, long originId, DeviceRef activeOrigin) {
        checkSnapIds(id, originId);
        Objects.requireNonNull(activeOrigin, "activeOrigin");
        DeviceInfo before = dm.info(activeOrigin);
        if (before.suspended()) {
            send("create_snap " + id + " " + originId);
            return;
        }
        dm.suspend(activeOrigin);
        RuntimeException failure = null;
        try {
            send("create_snap " + id + " " + originId);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            try {
                dm.resume(activeOrigin);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void checkSnapIds(long id, long originId) {
        ThinTarget.requireDeviceId("snapshot id", id);
        ThinTarget.requireDeviceId("origin id", originId);
        if (id == originId) {
            throw new InvalidInputException("thin-pool: snapshot id and origin id must differ, both are " + id);
        }
    }

    /** {@code delete <id>}: frees the thin device's blocks (EBUSY while a thin device maps it and is open). */
    public void delete(long id) {
        ThinTarget.requireDeviceId("thin device id", id);
        send("delete " + id);
    }

    /**
     * {@code set_transaction_id <current> <next>}: the kernel refuses (EINVAL) when {@code current} is not
     * the pool's transaction id, which makes this a compare-and-set.
     */
    public void setTransactionId(long current, long next) {
        if (current < 0 || next < 0) {
            throw new InvalidInputException("thin-pool: transaction ids must not be negative, got " + current + " and " + next);
        }
        send("set_transaction_id " + current + " " + next);
    }

    /** {@code reserve_metadata_snap}: a consistent metadata snapshot for userspace tools (thin_dump -m). */
    public void reserveMetadataSnap() {
        send("reserve_metadata_snap");
    }

    public void releaseMetadataSnap() {
        send("release_metadata_snap");
    }

    /** The pool's status, typed; an unreadable status fails naming the kernel's text. */
    public ThinPoolStatus status() {
        return parsedStatus().orElseThrow();
    }

    /** The pool's status as a result, for callers that want to handle an unreadable text themselves. */
    public StatusResult<ThinPoolStatus> parsedStatus() {
        StatusReport report = dm.status(pool);
        return onlyTarget(report, ThinPoolStatus.TYPE).map(t -> ThinPoolStatus.parse(t.text()))
                .orElseGet(() -> StatusResult.failed(ThinPoolStatus.TYPE, report.targets().toString(),
                        "device " + pool + " has no single thin-pool target"));
    }

    static Optional<TargetStatus> onlyTarget(StatusReport report, String type) {
        return report.targets().size() == 1 && report.targets().getFirst().type().equals(type)
                ? Optional.of(report.targets().getFirst()) : Optional.empty();
    }

    /** Messages go to sector 0: a thin-pool is always the only target of its table. */
    private void send(String message) {
        dm.message(pool, 0, message);
    }

    @Override
    public String toString() {
        return "ThinPool[" + pool + "]";
    }
}
