package io.jdm.thin.metadata;

import io.jdm.ioctl.block.DirectIo;
import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.BlockDev;
import io.jdm.targets.PoolFeature;
import io.jdm.targets.TargetTable;
import io.jdm.targets.Targets;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.ThinTarget;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.testkit.DmScratch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A thin pool on scratch loop devices for kernel tests: 64 KiB data blocks, block zeroing skipped (a
 * 4 KiB write maps a whole block without writing the rest), thin devices activated on demand and
 * written with seeded patterns through {@code O_DIRECT}.
 */
final class PoolRig {
    static final long MIB = 1024 * 1024;
    static final int BLOCK_SECTORS = 128;
    static final int BLOCK_BYTES = BLOCK_SECTORS * 512;
    static final long THIN_SECTORS = 256 * MIB / 512; // virtual: room for 4096 blocks

    final DeviceMapper dm;
    final DmScratch scratch;
    final LoopDevice meta;
    final LoopDevice data;
    final DeviceInfo pool;
    final ThinPool messages;
    private final Map<Long, DeviceInfo> active = new HashMap<>();

    PoolRig(DeviceMapper dm, DmScratch scratch, long metaBytes, long dataBytes) {
        this(dm, scratch, scratch.loop(metaBytes), dataBytes);
    }

    PoolRig(DeviceMapper dm, DmScratch scratch, LoopDevice meta, long dataBytes) {
        this.dm = dm;
        this.scratch = scratch;
        this.meta = meta;
        this.data = scratch.loop(dataBytes);
        this.pool = create("pool", Targets.table().add(dataBytes / 512, ThinPoolTarget.of(BlockDev.of(meta.number()),
                BlockDev.of(data.number()), BLOCK_SECTORS, 0, PoolFeature.SKIP_BLOCK_ZEROING)).build());
        this.messages = ThinPool.of(dm, pool.ref());
    }

    private DeviceInfo create(String name, TargetTable table) {
        return dm.createWithTable(scratch.name(name), CreateOptions.defaults(), table.table(), table.loadOptions());
    }

    PoolRig thin(long id) {
        messages.createThin(id);
        return this;
    }

    /** A snapshot of {@code origin}, suspending the origin around it when it is active. */
    PoolRig snap(long id, long origin) {
        DeviceInfo o = active.get(origin);
        if (o == null) {
            messages.createSnap(id, origin);
        } else {
            messages.createSnap(id, origin, o.ref());
        }
        return this;
    }

    PoolRig delete(long id) {
        deactivate(id);
        messages.delete(id);
        return this;
    }

    DeviceInfo activate(long id) {
        return active.computeIfAbsent(id, i -> create("thin" + i, Targets.table()
                .add(THIN_SECTORS, ThinTarget.of(BlockDev.of(pool.number()), i)).build()));
    }

    void deactivate(long id) {
        DeviceInfo info = active.remove(id);
        if (info != null) {
            dm.remove(info.ref());
        }
    }

    /** Writes 4 KiB of pattern {@code seed} at the start of each virtual block given: one mapping each. */
    PoolRig write(long id, long seed, long... virtualBlocks) {
        Path node = dm.devicePath(activate(id));
        ByteBuffer buf = ByteBuffer.allocateDirect(2 * 4096).alignedSlice(4096).slice(0, 4096);
        try (FileChannel ch = FileChannel.open(node, StandardOpenOption.WRITE, DirectIo.DIRECT)) {
            for (long vb : virtualBlocks) {
                byte[] pattern = new byte[4096];
                new Random(seed * 1_000_003 + vb).nextBytes(pattern);
                buf.clear().put(pattern).flip();
                while (buf.hasRemaining()) {
                    ch.write(buf, vb * BLOCK_BYTES + buf.position());
                }
            }
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("writing thin device " + id, e);
        }
        return this;
    }

    PoolRig setTransactionId(long next) {
        messages.setTransactionId(status().transactionId(), next);
        return this;
    }

    ThinPoolStatus.Working status() {
        return assertInstanceOf(ThinPoolStatus.Working.class, messages.status());
    }

    /** Removes every thin device and the pool: the metadata is then an inactive pool's. */
    void deactivatePool() {
        for (long id : active.keySet().toArray(new Long[0])) {
            deactivate(id);
        }
        dm.remove(pool.ref());
    }
}
