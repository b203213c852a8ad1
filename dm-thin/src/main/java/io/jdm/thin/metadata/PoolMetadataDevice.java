package io.jdm.thin.metadata;

import io.jdm.ioctl.block.BlockDeviceException;
import io.jdm.ioctl.block.ExclusiveBlockDevice;
import io.jdm.thin.metadata.ThinMetadataException.Kind;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Gets a block device ready to be a thin pool's metadata device without destroying what it holds. The
 * kernel formats new metadata only when block 0 is all zeros and otherwise opens the pool that is there,
 * so: all zeros is a fresh pool; a pool's superblock is that pool, reactivated; anything else is refused,
 * unless the caller asks for a wipe, which zeroes block 0 (and with it every thin volume of a pool that
 * was there).
 *
 * <p>The device is opened exclusively while it is looked at, so a device that is mounted or in use by a
 * live table (a running pool holds its metadata device) is refused, never written. The claim ends when
 * {@link #prepare} returns, for the pool's table to take it: between the two, only another exclusive
 * opener could step in, and the kernel's table load would then fail rather than share it.
 */
public final class PoolMetadataDevice {

    /** What {@link #prepare} found, and so what the kernel will do when the pool's table is loaded. */
    public enum Prepared {
        /** Block 0 was all zeros: the kernel formats new, empty metadata. */
        FRESH,
        /** A pool's metadata: the kernel reopens it, with every thin volume it holds. */
        EXISTING_POOL,
        /** Block 0 held something and was zeroed, as asked: the kernel formats new metadata. */
        WIPED
    }

    private PoolMetadataDevice() {
    }

    /**
     * Looks at block 0 of {@code device} and, if {@code wipe} and it holds anything, zeroes it.
     *
     * @throws ThinMetadataException {@link Kind#HOLDS_DATA} when it holds data other than a sound pool and
     *         {@code wipe} is false; {@link Kind#DEVICE_IN_USE} when it is mounted or held by another user;
     *         {@link Kind#IO} when it is not a block device or cannot be read or written
     */
    public static Prepared prepare(Path device, boolean wipe) {
        Objects.requireNonNull(device, "device");
        try (ExclusiveBlockDevice dev = ExclusiveBlockDevice.open(device)) {
            Prepared prepared = decide(device, MetadataProbe.probe(dev.read(0, Layout.BLOCK_SIZE)), wipe);
            if (prepared == Prepared.WIPED) {
                dev.zero(0, Layout.BLOCK_SIZE);
            }
            return prepared;
        } catch (BlockDeviceException e) {
            throw ThinMetadataException.of(e.isBusy() ? Kind.DEVICE_IN_USE : Kind.IO,
                    "thin pool metadata device: " + e.getMessage(), e);
        }
    }

    /** The rule, apart from the I/O: what block 0's {@code probe} allows. */
    static Prepared decide(Path device, MetadataProbe probe, boolean wipe) {
        return switch (probe) {
            case MetadataProbe.Empty e -> Prepared.FRESH;
            case MetadataProbe.Pool p when !wipe -> Prepared.EXISTING_POOL;
            case MetadataProbe.DamagedPool d when !wipe -> throw ThinMetadataException.of(Kind.HOLDS_DATA,
                    device + " holds a thin pool's metadata that does not check out (" + d.reason()
                            + "): repair it (thin_check, thin_repair) or ask for a wipe, which loses every thin volume in it");
            case MetadataProbe.Other o when !wipe -> throw ThinMetadataException.of(Kind.HOLDS_DATA,
                    device + " holds data that is not thin pool metadata (block 0 is not all zeros):"
                            + " not overwritten unless a wipe is asked for");
            default -> Prepared.WIPED;
        };
    }
}
