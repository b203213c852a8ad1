package io.jdm.targets.kernel;

import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.BlockDev;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.ThinTarget;
import io.jdm.targets.Targets;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.targets.status.ThinStatus;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.jdm.targets.kernel.Kernel.MIB;
import static io.jdm.targets.kernel.Kernel.dev;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A stateful jqwik property on a real thin pool: jqwik draws a sequence of steps (create_thin,
 * create_snap, delete, activate, write, deactivate), each checked against a model of the thin devices,
 * their blocks and the blocks they share; at the end Debian's thin_check must accept the metadata. On a
 * failure jqwik shrinks the sequence and reports the steps taken.
 *
 * <p>jqwik does not run JUnit extensions, so the property opens device-mapper and a {@link DmScratch}
 * itself; the "kernel" tag sends it to the kernel-test run (jdm's VM) like {@code @KernelTest}.
 */
@Tag("kernel")
class ThinPoolModelKernelTest {
    private static final int BLOCK_BYTES = 64 * 1024;
    private static final int BLOCK_SECTORS = BLOCK_BYTES / 512;
    private static final int THIN_BLOCKS = 32;
    private static final int STEPS = 30;

    /** One mapped block of a thin device: the data block it lives in (shared after a snapshot) and the pattern it holds. */
    record Mapping(long dataBlock, long seed) {
    }

    /** The model: each thin device's mapped blocks, and which thins are active as which device. */
    private static final class Model {
        final Map<Long, Map<Integer, Mapping>> thins = new TreeMap<>();
        final Map<Long, DeviceInfo> active = new TreeMap<>();
        long nextDataBlock;
        long nextId;

        long usedDataBlocks() {
            Set<Long> used = new HashSet<>();
            thins.values().forEach(m -> m.values().forEach(x -> used.add(x.dataBlock())));
            return used.size();
        }

        boolean shared(long dataBlock, long owner) {
            return thins.entrySet().stream().anyMatch(e -> e.getKey() != owner
                    && e.getValue().values().stream().anyMatch(x -> x.dataBlock() == dataBlock));
        }
    }

    /** jqwik's draws, spent one per choice the sequence makes (wrapping round when used up). */
    static final class Draws {
        private final List<Integer> values;
        private int next;

        Draws(List<Integer> values) {
            this.values = values;
        }

        int nextInt(int bound) {
            return values.get(next++ % values.size()) % bound;
        }

        long nextLong() {
            return ((long) nextInt(Integer.MAX_VALUE) << 31) ^ nextInt(Integer.MAX_VALUE);
        }
    }

    @Property(tries = 3, afterFailure = AfterFailureMode.RANDOM_SEED)
    void randomSequencesMatchTheModel(
            @ForAll @Size(min = 2 * STEPS, max = 4 * STEPS) List<@IntRange(min = 0, max = Integer.MAX_VALUE - 1) Integer> draws)
            throws Exception {
        try (DeviceMapper dm = DeviceMapper.open(); DmScratch s = DmScratch.open(dm)) {
            runSequence(dm, s, 0, new Draws(draws));
        }
    }

    private void runSequence(DeviceMapper dm, DmScratch s, int seq, Draws rnd) throws Exception {
        LoopDevice meta = s.loop(8 * MIB);
        LoopDevice data = s.loop(32 * MIB);
        DeviceInfo poolInfo = Kernel.create(dm, s, "pool" + seq, Targets.table().add(data.sizeBytes() / 512,
                ThinPoolTarget.of(dev(meta), dev(data), BLOCK_SECTORS, 0)).build());
        ThinPool pool = ThinPool.of(dm, poolInfo.ref());
        Model m = new Model();
        List<String> log = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            String did = step(dm, s, seq, rnd, pool, poolInfo, m);
            log.add(did);
            try {
                check(dm, pool, m, rnd);
            } catch (AssertionError e) {
                throw new AssertionError("after steps " + log + ": " + e.getMessage(), e);
            }
        }
        for (DeviceInfo d : m.active.values()) {
            dm.remove(d.ref());
        }
        dm.remove(poolInfo.ref());
        Kernel.Result check = Kernel.run("thin_check", meta.path().toString());
        assertEquals(0, check.exit(), "thin_check after " + log + ":\n" + check.output());
    }

    private String step(DeviceMapper dm, DmScratch s, int seq, Draws rnd, ThinPool pool, DeviceInfo poolInfo, Model m)
            throws Exception {
        List<Long> ids = new ArrayList<>(m.thins.keySet());
        List<Long> activeIds = new ArrayList<>(m.active.keySet());
        List<Long> inactive = ids.stream().filter(id -> !m.active.containsKey(id)).toList();
        int choice = rnd.nextInt(10);
        if (ids.isEmpty() || choice == 0) {
            long id = m.nextId++;
            pool.createThin(id);
            m.thins.put(id, new HashMap<>());
            return "create_thin " + id;
        }
        if (choice == 1) {
            long origin = ids.get(rnd.nextInt(ids.size()));
            long id = m.nextId++;
            DeviceInfo originDev = m.active.get(origin);
            if (originDev != null) {
                pool.createSnap(id, origin, originDev.ref());
            } else {
                pool.createSnap(id, origin);
            }
            m.thins.put(id, new HashMap<>(m.thins.get(origin)));
            return "create_snap " + id + " " + origin;
        }
        if (choice == 2) {
            long id = ids.get(rnd.nextInt(ids.size()));
            if (m.active.containsKey(id)) {
                assertThrows(DeviceBusyException.class, () -> pool.delete(id), "delete of an open thin");
                return "delete " + id + " (busy)";
            }
            pool.delete(id);
            m.thins.remove(id);
            return "delete " + id;
        }
        if (choice <= 4 && !inactive.isEmpty()) {
            long id = inactive.get(rnd.nextInt(inactive.size()));
            m.active.put(id, Kernel.create(dm, s, "p" + seq + "t" + id, Targets.table().add((long) THIN_BLOCKS * BLOCK_SECTORS,
                    ThinTarget.of(BlockDev.of(poolInfo.number()), id)).build()));
            return "activate " + id;
        }
        if (choice == 5 && !activeIds.isEmpty()) {
            long id = activeIds.get(rnd.nextInt(activeIds.size()));
            dm.remove(m.active.remove(id).ref());
            return "deactivate " + id;
        }
        if (!activeIds.isEmpty()) {
            long id = activeIds.get(rnd.nextInt(activeIds.size()));
            int block = rnd.nextInt(THIN_BLOCKS);
            long dataSeed = rnd.nextLong();
            BlockIo.write(dm.devicePath(m.active.get(id)), (long) block * BLOCK_BYTES, BlockIo.pattern(dataSeed, BLOCK_BYTES));
            Map<Integer, Mapping> blocks = m.thins.get(id);
            Mapping old = blocks.get(block);
            // a mapped block of its own is overwritten in place; an unmapped or shared one gets a new data block
            long dataBlock = old != null && !m.shared(old.dataBlock(), id) ? old.dataBlock() : m.nextDataBlock++;
            blocks.put(block, new Mapping(dataBlock, dataSeed));
            return "write " + id + "@" + block;
        }
        return "nothing";
    }

    private void check(DeviceMapper dm, ThinPool pool, Model m, Draws rnd) throws Exception {
        ThinPoolStatus.Working st = assertInstanceOf(ThinPoolStatus.Working.class, pool.status());
        assertEquals(ThinPoolStatus.Mode.READ_WRITE, st.mode());
        assertEquals(m.usedDataBlocks(), st.usedDataBlocks(), "used data blocks");
        for (Map.Entry<Long, DeviceInfo> e : m.active.entrySet()) {
            Map<Integer, Mapping> blocks = m.thins.get(e.getKey());
            ThinStatus.Mapped mapped = assertInstanceOf(ThinStatus.Mapped.class,
                    ThinStatus.parse(Kernel.onlyStatus(dm, e.getValue().ref()).text()).orElseThrow());
            assertEquals((long) blocks.size() * BLOCK_SECTORS, mapped.mappedSectors(), "mapped sectors of thin " + e.getKey());
            long highest = blocks.keySet().stream().mapToLong(b -> (b + 1L) * BLOCK_SECTORS - 1).max().orElse(-1);
            assertEquals(highest, mapped.highestMappedSector().orElse(-1), "highest mapped sector of thin " + e.getKey());
            int block = rnd.nextInt(THIN_BLOCKS);
            Mapping x = blocks.get(block);
            byte[] expected = x == null ? new byte[BLOCK_BYTES] : BlockIo.pattern(x.seed(), BLOCK_BYTES);
            assertArrayEquals(expected, BlockIo.read(dm.devicePath(e.getValue()), (long) block * BLOCK_BYTES, BLOCK_BYTES),
                    "data of thin " + e.getKey() + " block " + block);
        }
    }
}
