package io.jdm.thin.metadata;

import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.targets.BlockDev;
import io.jdm.targets.TargetTable;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.TypedLine;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.thin.metadata.ThinMetadataException.Kind;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The metadata snapshot protocol of a live pool: reserve, find the held root in the status, read it,
 * release. The kernel keeps one snapshot per pool and refuses a second reserve with EBUSY; this class
 * only ever releases the snapshot it took, and only while the pool still holds it.
 */
final class LiveSnapshot {
    private LiveSnapshot() {
    }

    static MetadataReader open(DeviceMapper dm, DeviceRef pool, Path metadataDevice) {
        Objects.requireNonNull(dm, "dm");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(metadataDevice, "metadataDevice");
        requireMetadataDevice(dm, pool, metadataDevice);
        ThinPool messages = ThinPool.of(dm, pool);
        OptionalLong already = working(messages).heldMetadataRoot();
        if (already.isPresent()) {
            throw heldElsewhere(pool, already, null);
        }
        try {
            messages.reserveMetadataSnap();
        } catch (DeviceBusyException e) {
            // taken between our status and our reserve
            throw heldElsewhere(pool, OptionalLong.empty(), e);
        }
        // We hold a snapshot now: every way out that does not hand it to a reader releases it.
        OptionalLong held = OptionalLong.empty();
        DeviceBlocks blocks = null;
        try {
            ThinPoolStatus.Working status = working(messages);
            held = status.heldMetadataRoot();
            long root = held.orElseThrow(() -> ThinMetadataException.of(Kind.POOL_NOT_READABLE, "pool " + pool
                    + " took reserve_metadata_snap but its status names no held metadata root"));
            blocks = DeviceBlocks.open(metadataDevice);
            return MetadataReader.ofSnapshotRoot(blocks, root, status.totalDataBlocks(), () -> release(messages, pool, root));
        } catch (RuntimeException | Error e) {
            if (blocks != null) {
                blocks.close();
            }
            try {
                if (held.isPresent()) {
                    release(messages, pool, held.getAsLong());
                } else {
                    messages.releaseMetadataSnap(); // reserved a moment ago, root unknown: still ours
                }
            } catch (RuntimeException r) {
                e.addSuppressed(r);
            }
            throw e;
        }
    }

    /** Releases the snapshot at {@code root} if the pool still holds exactly that one. */
    private static void release(ThinPool messages, DeviceRef pool, long root) {
        OptionalLong now = working(messages).heldMetadataRoot();
        if (now.isEmpty() || now.getAsLong() != root) {
            throw ThinMetadataException.of(Kind.SNAPSHOT_LOST, "the metadata snapshot this reader took on pool " + pool
                    + " (held root " + root + ") was " + (now.isEmpty() ? "released" : "replaced by one at block "
                    + now.getAsLong()) + " by someone else while it was read; what was read may not be one state,"
                    + " and the pool's snapshot is left as it is");
        }
        messages.releaseMetadataSnap();
    }

    private static ThinPoolStatus.Working working(ThinPool messages) {
        return switch (messages.status()) {
            case ThinPoolStatus.Working w -> w;
            case ThinPoolStatus.Fail f -> throw ThinMetadataException.of(Kind.POOL_NOT_READABLE, "pool " + messages.pool()
                    + " has failed (status Fail): it cannot take a metadata snapshot");
            case ThinPoolStatus.MetadataError e -> throw ThinMetadataException.of(Kind.POOL_NOT_READABLE, "pool "
                    + messages.pool() + " cannot read its metadata (status Error)");
        };
    }

    private static ThinMetadataException heldElsewhere(DeviceRef pool, OptionalLong root, Throwable cause) {
        return ThinMetadataException.of(Kind.SNAPSHOT_HELD, "pool " + pool + " already holds a metadata snapshot"
                + (root.isPresent() ? " (at block " + root.getAsLong() + ")" : "")
                + " that this reader did not take (thin_dump -m, another process?): it is neither read nor released;"
                + " try again once its holder releases it (release_metadata_snap)", cause);
    }

    /** The metadata device of {@code pool}, found through its table and sysfs. */
    static MetadataReader open(DeviceMapper dm, DeviceRef pool) {
        Objects.requireNonNull(dm, "dm");
        Objects.requireNonNull(pool, "pool");
        DeviceNumber number = metadataDeviceOf(dm, pool);
        Path node = BlockDeviceFiles.node(number).orElseThrow(() -> ThinMetadataException.of(Kind.IO,
                "cannot find a node under /dev for metadata device " + number + " of pool " + pool
                        + " (no sysfs?): name it with openSnapshot(dm, pool, metadataDevice)"));
        return open(dm, pool, node);
    }

    /** Refuses a path that is not the metadata device the pool's live table names. */
    private static void requireMetadataDevice(DeviceMapper dm, DeviceRef pool, Path metadataDevice) {
        DeviceNumber used = metadataDeviceOf(dm, pool);
        Optional<DeviceNumber> given = BlockDeviceFiles.number(metadataDevice);
        if (!given.equals(Optional.of(used))) {
            throw ThinMetadataException.of(Kind.WRONG_DEVICE, metadataDevice + given.map(n -> " is device " + n)
                    .orElse(" is not a block device") + ", but pool " + pool + " uses metadata device " + used);
        }
    }

    private static DeviceNumber metadataDeviceOf(DeviceMapper dm, DeviceRef pool) {
        List<TypedLine> lines = TargetTable.of(dm.table(pool).table()).lines();
        if (lines.size() == 1 && lines.getFirst().target() instanceof ThinPoolTarget target) {
            // the kernel reads tables back as major:minor
            if (target.metadata() instanceof BlockDev.ByNumber n) {
                return n.number();
            }
            Optional<DeviceNumber> byPath = BlockDeviceFiles.number(Path.of(target.metadata().format()));
            if (byPath.isPresent()) {
                return byPath.get();
            }
        }
        throw ThinMetadataException.of(Kind.POOL_NOT_READABLE, "device " + pool
                + " has no live table of exactly one thin-pool target naming its metadata device");
    }
}
