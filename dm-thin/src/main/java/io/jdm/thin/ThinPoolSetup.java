package io.jdm.thin;

import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.InvalidInputException;
import io.jdm.ioctl.block.BlockDevices;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.BlockDev;
import io.jdm.targets.PoolFeature;
import io.jdm.targets.TargetTable;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.thin.metadata.PoolMetadataDevice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets up a thin pool from a metadata and a data device, or image files (put on auto-clear loop
 * devices, which the kernel detaches when the pool goes). Metadata holding a pool is reactivated with
 * its volumes (after a reboot, say); metadata holding anything else is refused unless a wipe is asked
 * for; both devices are opened exclusively first, so one mounted or in use is refused.
 */
public final class ThinPoolSetup {
    /**
     * What a pool is made of.
     *
     * @param metadata     the metadata device or image file
     * @param data         the data device or image file; the pool covers whole blocks of it
     * @param blockSectors the data block size in 512-byte sectors (128 = 64 KiB; a multiple of 128)
     * @param lowWaterMark in blocks: the pool raises an event when free data space falls to it
     * @param features     e.g. {@link PoolFeature#SKIP_BLOCK_ZEROING} (the seeds' {@code --zero n}),
     *                     {@link PoolFeature#ERROR_IF_NO_SPACE}, the discard options
     */
    public record Spec(Path metadata, Path data, long blockSectors, long lowWaterMark, List<PoolFeature> features) {
        public Spec {
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(data, "data");
            features = List.copyOf(features);
            // the table's own checks (block size range and multiple, feature count), before any device is touched
            ThinPoolTarget.of(BlockDev.of(DeviceNumber.of(7, 0)), BlockDev.of(DeviceNumber.of(7, 1)), blockSectors, lowWaterMark)
                    .withFeatures(features);
        }

        /** 64 KiB blocks, no low-water mark, no features. */
        public static Spec of(Path metadata, Path data) {
            return new Spec(metadata, data, ThinPoolTarget.MIN_BLOCK_SIZE, 0, List.of());
        }

        public Spec withBlockSectors(long sectors) {
            return new Spec(metadata, data, sectors, lowWaterMark, features);
        }

        public Spec withLowWaterMark(long blocks) {
            return new Spec(metadata, data, blockSectors, blocks, features);
        }

        public Spec withFeatures(List<PoolFeature> newFeatures) {
            return new Spec(metadata, data, blockSectors, lowWaterMark, newFeatures);
        }
    }

    /** The live pool and what was found on its metadata device. */
    public record Result(DeviceInfo pool, PoolMetadataDevice.Prepared metadata) {
        /** True when an existing pool was reactivated with its volumes. */
        public boolean reopened() {
            return metadata == PoolMetadataDevice.Prepared.EXISTING_POOL;
        }
    }

    private ThinPoolSetup() {
    }

    /**
     * Activates pool {@code name} from {@code spec}. {@code wipe} zeroes metadata that holds anything
     * (a pool's too, with every volume in it): only on the caller's explicit request.
     *
     * @throws VolumeException                               EXISTS when a device of that name exists
     * @throws io.jdm.thin.metadata.ThinMetadataException     HOLDS_DATA (metadata not a pool's, no wipe),
     *                                                       DEVICE_IN_USE (mounted or held), IO
     */
    public static Result activate(DeviceMapper dm, DeviceName name, Spec spec, boolean wipe) {
        Objects.requireNonNull(dm, "dm");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        if (dm.list().stream().anyMatch(d -> d.name().equals(name))) {
            throw new VolumeException(VolumeException.Kind.EXISTS, null, "a device named " + name + " exists already");
        }
        List<LoopDevice> attached = new ArrayList<>();
        try {
            Path meta = blockDeviceFor(spec.metadata(), attached);
            Path data = blockDeviceFor(spec.data(), attached);
            long usable = sizeSectors(data) / spec.blockSectors() * spec.blockSectors();
            if (usable == 0) {
                throw new InvalidInputException("thin pool data device " + spec.data() + " is smaller than one block of "
                        + spec.blockSectors() + " sectors");
            }
            PoolMetadataDevice.Prepared prepared = PoolMetadataDevice.prepare(meta, wipe);
            ThinPoolTarget target = ThinPoolTarget.of(BlockDev.of(BlockDevices.number(meta)),
                    BlockDev.of(BlockDevices.number(data)), spec.blockSectors(), spec.lowWaterMark())
                    .withFeatures(spec.features());
            TargetTable table = TargetTable.builder().add(usable, target).build();
            DeviceInfo pool = dm.createWithTable(name, CreateOptions.defaults(), table.table(), table.loadOptions());
            return new Result(pool, prepared);
        } finally {
            // Unused (the pool failed), a loop detaches now; used by the pool, the kernel only marks it
            // auto-clear and detaches it when the pool, its last user, is removed.
            for (LoopDevice loop : attached) {
                try {
                    loop.close();
                } catch (RuntimeException e) {
                    // attached with auto-clear: it still goes once nothing holds it
                }
            }
        }
    }

    /** A regular file goes on an auto-clear loop device, so it lives exactly as long as the pool uses it. */
    private static Path blockDeviceFor(Path path, List<LoopDevice> attached) {
        if (!Files.isRegularFile(path)) {
            return path;
        }
        LoopDevice loop = LoopControl.attach(path);
        attached.add(loop);
        return loop.path();
    }

    private static long sizeSectors(Path device) {
        return BlockDevices.sizeSectors(BlockDevices.number(device));
    }
}
