package io.jdm.thin;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.Table;

import java.time.Duration;

/**
 * Creates a thin device, waiting out a suspend of its pool. The kernel refuses to load a thin table while
 * the pool is suspended (EINVAL, "Unable to activate thin device while pool is suspended"), and a pool is
 * suspended for a moment whenever its table is swapped: an autoextend, a new low-water mark, {@code lvextend}.
 * The failed create leaves nothing behind ({@link DeviceMapper#createWithTable} removes the device it made),
 * so it is tried again once the pool is live (or at once, twice at most, when the pool is already live
 * again by the time it is looked at); a pool still suspended after the wait is reported as such.
 */
final class ThinActivation {
    private static final long POLL_MILLIS = 5;
    /**
     * Refusals tried again although the pool was live when looked at: a swap's suspend lasts milliseconds,
     * and may be over by then. A refusal for another reason costs that many more tries.
     */
    private static final int UNEXPLAINED_RETRIES = 2;

    private ThinActivation() {
    }

    static DeviceInfo create(DeviceMapper dm, DeviceName name, Table table, DeviceRef pool, Duration wait, VolumeId id) {
        long deadline = System.nanoTime() + wait.toNanos();
        int unexplained = 0;
        while (true) {
            try {
                return dm.createWithTable(name, table);
            } catch (InvalidArgumentException refused) {
                if (dm.info(pool).suspended()) {
                    awaitResumed(dm, pool, deadline, wait, id, refused);
                } else if (++unexplained > UNEXPLAINED_RETRIES) {
                    throw refused; // not a suspend: the kernel's error says what
                }
                // else the suspend may have ended between the refusal and the look at the pool: once more
            }
        }
    }

    private static void awaitResumed(DeviceMapper dm, DeviceRef pool, long deadline, Duration wait, VolumeId id,
                                     InvalidArgumentException refused) {
        while (dm.info(pool).suspended()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new VolumeException(VolumeException.Kind.POOL_SUSPENDED, id, "cannot activate volume " + id
                        + ": its pool " + pool + " has been suspended for over " + wait
                        + " and the kernel activates no thin device while its pool is suspended", refused);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                VolumeException interrupted = new VolumeException(VolumeException.Kind.POOL_SUSPENDED, id,
                        "interrupted while waiting for pool " + pool + " to be resumed to activate volume " + id, e);
                interrupted.addSuppressed(refused);
                throw interrupted;
            }
        }
    }
}
