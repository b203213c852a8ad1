package io.jdm.bench.kernel;

import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.RemoveOptions;
import io.jdm.api.Table;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.ioctl.mount.Mounts;
import io.jdm.thin.VolumeId;
import io.jdm.thin.VolumeRecord;
import io.jdm.thin.VolumeSet;
import io.jdm.thin.fs.FilesystemType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kernel state every peer works against, made once per run with jdm: a thin pool on two loop
 * devices (with one inactive thin to take snapshots of), a zero device to ask about, and, while
 * LIST_DEVICES is measured, a crowd of devices; for the container-start workload (made when first
 * asked for), a second pool with a {@link VolumeSet} holding an ext4 base volume. Every device name
 * starts with {@link #prefix()}, and {@link #close()} removes them all (also what a failed peer left),
 * unmounts what a failed peer left mounted and detaches the loops.
 */
public final class Fixture implements AutoCloseable {
    /** Sectors of every device the workloads make; small, nothing is written to them. */
    public static final long DEVICE_SECTORS = 2048;
    private static final long DATA_BYTES = 2L << 30;
    private static final long METADATA_BYTES = 64L << 20;
    private static final long ORIGIN_ID = 1;
    private static final long VOLUME_DATA_BYTES = 1L << 30;
    private static final long VOLUME_METADATA_BYTES = 16L << 20;
    /** The base volume's size: what mkfs and mount see; nothing beyond the filesystem is written. */
    private static final long BASE_BYTES = 128L << 20;

    private final DeviceMapper dm;
    private final String prefix;
    private final Path dir;
    private final List<LoopDevice> loops = new ArrayList<>();
    private final List<DeviceName> listDevices = new ArrayList<>();
    private final AtomicLong nextThinId = new AtomicLong(ORIGIN_ID + 1);
    private final int chainDepth;
    private DeviceName pool;
    private DeviceNumber poolNumber;
    private DeviceName infoDevice;
    private Volumes volumes;

    /**
     * The container-start workload's state: a pool of its own (so that the volume set's thin ids and
     * transaction ids never meet the other workloads'), its volume set, and the ext4 base volume.
     *
     * @param poolDevice the pool's number as thin tables name it
     * @param baseThinId the base volume's thin id in that pool, for the peers that snapshot it by hand
     */
    public record Volumes(VolumeSet set, DeviceName pool, String poolDevice, VolumeId base, int baseThinId, long baseSectors) {
    }

    private Fixture(DeviceMapper dm, String prefix, Path dir, int chainDepth) {
        this.dm = dm;
        this.chainDepth = chainDepth;
        this.prefix = prefix;
        this.dir = dir;
    }

    /** Sets everything up; on failure, tears down what was made and rethrows. */
    public static Fixture create(DeviceMapper dm, Path tempBase, int chainDepth) {
        String prefix = "jdmb-" + randomTag() + "-";
        Fixture f;
        try {
            Files.createDirectories(tempBase);
            f = new Fixture(dm, prefix, Files.createTempDirectory(tempBase, prefix), chainDepth);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the loop files under " + tempBase, e);
        }
        try {
            f.setUp();
            return f;
        } catch (RuntimeException e) {
            try {
                f.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static String randomTag() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private void setUp() {
        LoopDevice metadata = loop("metadata.img", METADATA_BYTES);
        LoopDevice data = loop("data.img", DATA_BYTES);
        pool = name("pool");
        // the metadata file is fresh and sparse, so its first 4 KiB are zero: a new pool is formatted
        DeviceInfo info = dm.createWithTable(pool, Table.of(DATA_BYTES / 512, "thin-pool",
                metadata.number() + " " + data.number() + " 128 0 1 skip_block_zeroing"));
        poolNumber = info.number();
        dm.message(DeviceRef.name(pool), 0, "create_thin " + ORIGIN_ID);
        infoDevice = name("info");
        dm.createWithTable(infoDevice, Table.of(DEVICE_SECTORS, "zero", ""));
    }

    private LoopDevice loop(String file, long bytes) {
        LoopDevice loop = LoopControl.attach(LoopControl.createSparseFile(dir.resolve(file), bytes));
        loops.add(loop);
        return loop;
    }

    /** The container-start workload's pool, volume set and base volume, made on the first call (untimed). */
    public synchronized Volumes volumes() {
        if (volumes == null) {
            LoopDevice metadata = loop("vmetadata.img", VOLUME_METADATA_BYTES);
            LoopDevice data = loop("vdata.img", VOLUME_DATA_BYTES);
            DeviceName vpool = name("vpool");
            DeviceInfo info = dm.createWithTable(vpool, Table.of(VOLUME_DATA_BYTES / 512, "thin-pool",
                    metadata.number() + " " + data.number() + " 128 0 1 skip_block_zeroing"));
            VolumeSet set = VolumeSet.open(dm, DeviceRef.name(vpool), dir.resolve("volume-state"));
            try {
                VolumeId base = VolumeId.of("base");
                VolumeRecord rec = set.create(base, BASE_BYTES);
                set.makeFilesystem(base, FilesystemType.EXT4);
                volumes = new Volumes(set, vpool, info.number().toString(), base, rec.thinId(), BASE_BYTES / 512);
            } catch (RuntimeException e) {
                set.close();
                throw e;
            }
        }
        return volumes;
    }

    /** An empty directory for {@code tag}'s mounts, made if missing. */
    public Path mountPoint(String tag) {
        try {
            return Files.createDirectories(dir.resolve("mnt-" + tag));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a mount point under " + dir, e);
        }
    }

    /** {@code prefix() + suffix} as a device name. */
    public DeviceName name(String suffix) {
        return DeviceName.of(prefix + suffix);
    }

    /** What every device of this run is named with, e.g. {@code "jdmb-k3x9q2-"}. */
    public String prefix() {
        return prefix;
    }

    public DeviceName pool() {
        return pool;
    }

    /** The pool's number as thin tables name it ({@code "253:2"}). */
    public String poolDevice() {
        return poolNumber.toString();
    }

    /** The inactive thin that CREATE_SNAP and the chain take snapshots of. */
    public long originId() {
        return ORIGIN_ID;
    }

    public DeviceName infoDevice() {
        return infoDevice;
    }

    /** Layers of the snapshot chain workload. */
    public int chainDepth() {
        return chainDepth;
    }

    /** {@code count} consecutive thin ids nobody else in this run will use. */
    public long reserveThinIds(long count) {
        return nextThinId.getAndAdd(count);
    }

    /** Makes (tableless) devices with uuids until {@code count} of them exist for the listing. */
    public void populateList(int count) {
        for (int i = listDevices.size(); i < count; i++) {
            DeviceName n = name(String.format("list-%05d", i));
            dm.create(n, CreateOptions.defaults().withUuid(prefix + "list-uuid-" + i));
            listDevices.add(n);
        }
    }

    public void clearList() {
        for (DeviceName n : listDevices) {
            dm.remove(DeviceRef.name(n));
        }
        listDevices.clear();
    }

    /**
     * Removes every device of this run: thins and the rest first, the pools last (a live thin holds its pool);
     * then detaches the loops and deletes their files.
     */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        if (volumes != null) {
            try {
                volumes.set().close();
            } catch (RuntimeException e) {
                problems.add("cannot close the volume set: " + e.getMessage());
            }
            volumes = null;
        }
        // what a failed peer left mounted under our directory would keep its device busy
        for (var m : Mounts.mounts()) {
            if (m.mountPoint().startsWith(dir)) {
                try {
                    Mounts.unmount(m.mountPoint(), Mounts.MNT_DETACH);
                } catch (RuntimeException e) {
                    problems.add("cannot unmount " + m.mountPoint() + ": " + e.getMessage());
                }
            }
        }
        List<ListedDevice> mine = dm.list().stream().filter(d -> d.name().value().startsWith(prefix))
                .sorted(Comparator.comparing((ListedDevice d) -> d.name().equals(pool) || d.name().equals(name("vpool")))).toList();
        for (ListedDevice d : mine) {
            try {
                dm.remove(DeviceRef.name(d.name()), RemoveOptions.defaults().withBusyRetries(20, Duration.ofMillis(100)));
            } catch (RuntimeException e) {
                problems.add("cannot remove " + d.name() + ": " + e.getMessage());
            }
        }
        listDevices.clear();
        for (LoopDevice loop : loops) {
            try {
                loop.close();
            } catch (RuntimeException e) {
                problems.add("cannot detach " + loop + ": " + e.getMessage());
            }
        }
        loops.clear();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            problems.add("cannot delete " + dir + ": " + e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("benchmark clean-up incomplete: " + String.join("; ", problems));
        }
    }
}
