package io.jdm.cli;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceUuid;
import io.jdm.api.InvalidInputException;
import io.jdm.ioctl.block.BlockDevices;
import io.jdm.targets.BlockDev;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.thin.monitor.LoopFileGrower;
import io.jdm.thin.monitor.LvmGrower;
import io.jdm.thin.monitor.PoolGrower;
import io.jdm.thin.monitor.PoolWatch;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The growers {@code thin monitor} gives a pool, chosen from what the pool is: a space whose device is a
 * loop device grows its image file ({@link LoopFileGrower}), a pool LVM made grows with {@code lvextend}
 * ({@link LvmGrower#forDevice}), anything else is only watched.
 *
 * @param data     the data space's grower, if any
 * @param metadata the metadata space's grower, if any
 * @param how      what grows and how, for the line the monitor prints when it starts
 */
record PoolGrowers(Optional<PoolGrower> data, Optional<PoolGrower> metadata, String how) {
    /** The prefix of the uuids LVM gives its devices. */
    static final String LVM_UUID_PREFIX = "LVM-";

    /**
     * @param pool     the pool's device (its name and uuid)
     * @param target   its live table's thin-pool target
     * @param loopFile the file behind a loop device, empty for any other device (see {@link HostView#loopBackingFile})
     */
    static PoolGrowers choose(DeviceInfo pool, ThinPoolTarget target, Function<DeviceNumber, Optional<Path>> loopFile) {
        Optional<Path> dataFile = number(target.data()).flatMap(loopFile);
        Optional<Path> metadataFile = number(target.metadata()).flatMap(loopFile);
        if (dataFile.isPresent()) {
            Optional<PoolGrower> metadata = metadataFile.map(f -> LoopFileGrower.create());
            return new PoolGrowers(Optional.of(LoopFileGrower.create()), metadata, "data grows its loop file "
                    + dataFile.get() + metadataFile.map(f -> ", metadata its loop file " + f)
                    .orElse("; metadata is only watched (" + target.metadata() + " is not a loop device)"));
        }
        if (pool.uuid().map(DeviceUuid::value).filter(u -> u.startsWith(LVM_UUID_PREFIX)).isPresent()) {
            try {
                LvmGrower lvm = LvmGrower.forDevice(pool.name());
                return new PoolGrowers(Optional.of(lvm), Optional.of(lvm), "data and metadata grow with " + lvm
                        + " (if dmeventd monitors this pool too, both extend it: lvchange --monitor n "
                        + lvm.volumeGroup() + "/" + lvm.logicalVolume() + " leaves it to this monitor)");
            } catch (InvalidInputException e) {
                return watchOnly("its uuid is LVM's but " + e.getMessage());
            }
        }
        return watchOnly("its data device " + target.data() + " is neither a loop device nor an LVM volume");
    }

    /** The watch of {@code watch}'s pool with these growers added. */
    PoolWatch applyTo(PoolWatch watch) {
        PoolWatch w = data.map(watch::withDataGrower).orElse(watch);
        return metadata.map(w::withMetadataGrower).orElse(w);
    }

    boolean growsNothing() {
        return data.isEmpty() && metadata.isEmpty();
    }

    private static PoolGrowers watchOnly(String why) {
        return new PoolGrowers(Optional.empty(), Optional.empty(), "watch only, nothing grows: " + why);
    }

    /** A live table names devices by number; a path (in a table someone loaded by hand) is resolved. */
    private static Optional<DeviceNumber> number(BlockDev device) {
        return switch (device) {
            case BlockDev.ByNumber n -> Optional.of(n.number());
            case BlockDev.ByPath p -> {
                try {
                    yield Optional.of(BlockDevices.number(Path.of(p.path())));
                } catch (RuntimeException e) {
                    yield Optional.empty();
                }
            }
        };
    }
}
