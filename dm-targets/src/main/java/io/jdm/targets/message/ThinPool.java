package io.jdm.targets.message;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.QueryOptions;
import io.jdm.api.StatusReport;
import io.jdm.api.TargetStatus;
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
        send(new ThinPoolMessage.CreateThin(id));
    }

    /**
     * {@code create_snap <id> <originId>} for an origin that is not active (no thin device maps it
     * now). If it is active, use {@link #createSnap(long, long, DeviceRef)}: the origin must be suspended
     * around the message, or the snapshot may miss writes in flight.
     */
    public void createSnap(long id, long originId) {
        send(new ThinPoolMessage.CreateSnap(id, originId));
    }

    /**
     * {@code create_snap} of an active origin: suspends {@code activeOrigin} (the thin device mapping
     * {@code originId}), sends the message, and resumes it again, also when the message fails. An origin
     * that was already suspended is left suspended.
     */
    public void createSnap(long id, long originId, DeviceRef activeOrigin) {
        ThinPoolMessage message = new ThinPoolMessage.CreateSnap(id, originId);
        Objects.requireNonNull(activeOrigin, "activeOrigin");
        DeviceInfo before = dm.info(activeOrigin);
        if (before.suspended()) {
            send(message);
            return;
        }
        dm.suspend(activeOrigin);
        RuntimeException failure = null;
        try {
            send(message);
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

    /** {@code delete <id>}: frees the thin device's blocks (EBUSY while a thin device maps it and is open). */
    public void delete(long id) {
        send(new ThinPoolMessage.Delete(id));
    }

    /**
     * {@code set_transaction_id <current> <next>}: the kernel refuses (EINVAL) when {@code current} is not
     * the pool's transaction id, which makes this a compare-and-set.
     */
    public void setTransactionId(long current, long next) {
        send(new ThinPoolMessage.SetTransactionId(current, next));
    }

    /** {@code reserve_metadata_snap}: a consistent metadata snapshot for userspace tools (thin_dump -m). */
    public void reserveMetadataSnap() {
        send(new ThinPoolMessage.ReserveMetadataSnap());
    }

    public void releaseMetadataSnap() {
        send(new ThinPoolMessage.ReleaseMetadataSnap());
    }

    /** The pool's status, typed; an unreadable status fails naming the kernel's text. */
    public ThinPoolStatus status() {
        return parsedStatus().orElseThrow();
    }

    /** The pool's status as a result, for callers that want to handle an unreadable text themselves. */
    public StatusResult<ThinPoolStatus> parsedStatus() {
        return parsedStatus(QueryOptions.defaults());
    }

    /**
     * The pool's status without the metadata commit the kernel otherwise makes first ({@code noflush}):
     * the counts are the pool's in-memory ones, as current; for callers that look often (a monitor
     * checking many pools every few seconds), where a commit per look is work and metadata churn.
     */
    public ThinPoolStatus statusWithoutCommit() {
        return parsedStatus(QueryOptions.defaults().withNoFlush(true)).orElseThrow();
    }

    private StatusResult<ThinPoolStatus> parsedStatus(QueryOptions options) {
        StatusReport report = dm.status(pool, options);
        return onlyTarget(report, ThinPoolStatus.TYPE).map(t -> ThinPoolStatus.parse(t.text()))
                .orElseGet(() -> StatusResult.failed(ThinPoolStatus.TYPE, report.targets().toString(),
                        "device " + pool + " has no single thin-pool target"));
    }

    static Optional<TargetStatus> onlyTarget(StatusReport report, String type) {
        return report.targets().size() == 1 && report.targets().getFirst().type().equals(type)
                ? Optional.of(report.targets().getFirst()) : Optional.empty();
    }

    /** Sends {@code message}; messages go to sector 0, as a thin-pool is always the only target of its table. */
    public void send(ThinPoolMessage message) {
        dm.message(pool, 0, message.format());
    }

    @Override
    public String toString() {
        return "ThinPool[" + pool + "]";
    }
}
