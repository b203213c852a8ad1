package io.jdm.thin.metadata;

import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceMapper;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader against pools the kernel wrote, with thin_dump and thin_ls as the oracle: live (through a
 * metadata snapshot) and after the pool is gone.
 */
@KernelTest
class MetadataReaderKernelTest {
    /** Where {@link #theFixturePool} leaves its image and tool outputs; {@link FixtureTest} reads a copy. */
    static final Path FIXTURE_OUT = Path.of("target", "thin-metadata-fixture");
    static final String RAW_IMAGE = "pool-meta.img";

    /**
     * The pool of the unit tests' fixture (see {@link Fixture} for its shape). To refresh the fixture, copy
     * {@code target/thin-metadata-fixture/*.txt,*.xml} to {@code src/test/resources/io/jdm/thin/metadata/}
     * and {@code gzip -9 -n} the image there as {@value Fixture#IMAGE}.
     */
    @Test
    void theFixturePool(DeviceMapper dm, DmScratch s) throws IOException {
        PoolRig rig = new PoolRig(dm, s, 2 * PoolRig.MIB, 32 * PoolRig.MIB);
        // state 1: an origin, snapshots of it (one of an inactive origin), sharing broken by writes,
        // an empty device, a deleted id, a transaction id
        rig.thin(1).write(1, 1, 0, 1, 2, 3, 10, 11, 200);
        rig.snap(2, 1).write(1, 2, 1, 300);
        rig.thin(3);
        rig.thin(4).write(4, 4, 5, 6, 7, 8, 9).delete(4);
        rig.deactivate(2);
        rig.snap(5, 2).write(5, 5, 2);
        rig.setTransactionId(7);

        // the tools' view of state 1, through a snapshot of their own
        rig.messages.reserveMetadataSnap();
        String state1 = Tools.thinDump(rig.meta.path(), true);
        String state1Ls = Tools.thinLs(rig.meta.path(), true);
        rig.messages.releaseMetadataSnap();

        try (MetadataReader live = MetadataReader.openSnapshot(dm, rig.pool.ref(), rig.meta.path())) {
            assertEquals(rig.status().heldMetadataRoot().orElseThrow(), live.superblock().blockNumber(),
                    "the reader follows the snapshot it took");
            assertEquals(rig.status().totalDataBlocks(), live.dataBlockCount());
            Oracle.assertMatches(live, ThinDump.parse(state1), ThinLs.parse(state1Ls));
        }
        assertTrue(rig.status().heldMetadataRoot().isEmpty(), "closing the reader released its snapshot");

        // someone else's snapshot: the reader refuses it and leaves it held
        rig.messages.reserveMetadataSnap();
        long held = rig.status().heldMetadataRoot().orElseThrow();
        ThinMetadataException refused = assertThrows(ThinMetadataException.class,
                () -> MetadataReader.openSnapshot(dm, rig.pool.ref(), rig.meta.path()));
        assertEquals(ThinMetadataException.Kind.SNAPSHOT_HELD, refused.kind());
        assertEquals(held, rig.status().heldMetadataRoot().orElseThrow(), "the other snapshot is still held");

        // state 2, while that snapshot stays held: sharing broken again, a new device, another deleted
        rig.write(1, 6, 0, 400);
        rig.thin(6).write(6, 7, 0, 1, 2);
        rig.delete(3);
        rig.setTransactionId(8);

        rig.deactivatePool();
        Path meta = rig.meta.path();
        String state2 = Tools.thinDump(meta, false);
        String state2Ls = Tools.thinLs(meta, false);
        try (MetadataReader inactive = MetadataReader.open(meta)) {
            Oracle.assertMatches(inactive, ThinDump.parse(state2), ThinLs.parse(state2Ls));
            assertEquals(held, inactive.superblock().heldRoot(), "block 0 points at the snapshot still held");
            try (MetadataReader snapshot = MetadataReader.ofSnapshotRoot(DeviceBlocks.open(meta), held,
                    inactive.dataBlockCount(), () -> { })) {
                Oracle.assertMatches(snapshot, ThinDump.parse(state1), ThinLs.parse(state1Ls));
            }
        }
        MetadataProbe.Pool probed = assertInstanceOf(MetadataProbe.Pool.class, MetadataProbe.probe(meta));
        assertEquals(8, probed.superblock().transactionId());

        Files.createDirectories(FIXTURE_OUT);
        Files.copy(rig.meta.backingFile(), FIXTURE_OUT.resolve(RAW_IMAGE), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(FIXTURE_OUT.resolve(Fixture.DUMP), state2, StandardCharsets.UTF_8);
        Files.writeString(FIXTURE_OUT.resolve(Fixture.LS), state2Ls, StandardCharsets.UTF_8);
        Files.writeString(FIXTURE_OUT.resolve(Fixture.SNAPSHOT_DUMP), state1, StandardCharsets.UTF_8);
        Files.writeString(FIXTURE_OUT.resolve(Fixture.SNAPSHOT_LS), state1Ls, StandardCharsets.UTF_8);
    }

    /**
     * A live pool's metadata device read through the page cache shows blocks from before the pool changed
     * them (the kernel writes through dm-bufio, past the cache, and the pool keeps the device open so the
     * cache is never dropped); the probe and the reader read with O_DIRECT and see every change.
     */
    @Test
    void liveReadsSeeEveryChangeWhereBufferedReadsAreStale(DeviceMapper dm, DmScratch s) throws IOException {
        var meta = s.loop(2 * PoolRig.MIB);
        try (FileChannel buffered = FileChannel.open(meta.path(), StandardOpenOption.READ)) {
            assertInstanceOf(MetadataProbe.Empty.class, MetadataProbe.probe(buffered(buffered)));
            assertInstanceOf(MetadataProbe.Empty.class, MetadataProbe.probe(meta.path()));

            PoolRig rig = new PoolRig(dm, s, meta, 32 * PoolRig.MIB);
            assertInstanceOf(MetadataProbe.Empty.class, MetadataProbe.probe(buffered(buffered)),
                    "the page cache still has the zeros read before the kernel formatted the device");
            MetadataProbe.Pool fresh = assertInstanceOf(MetadataProbe.Pool.class, MetadataProbe.probe(meta.path()));
            assertEquals(0, fresh.superblock().transactionId());
            assertEquals(List.of(), PoolMetadata.read(dm, rig.pool.ref(), meta.path()).devices());
            for (long b = 0; b < meta.sizeBytes() / 4096; b++) {
                buffered.read(ByteBuffer.allocate(4096), b * 4096); // every block into the page cache
            }

            rig.thin(1).write(1, 1, 0, 5, 6).snap(2, 1).write(2, 2, 5).setTransactionId(3);
            PoolMetadata now = PoolMetadata.read(dm, rig.pool.ref(), meta.path());
            PoolMetadata found = PoolMetadata.read(dm, rig.pool.ref()); // the metadata device found from the table
            assertEquals(List.of(now.transactionId(), now.devices()), List.of(found.transactionId(), found.devices()));
            assertEquals(3, now.transactionId());
            assertEquals(List.of(new ThinDeviceDetails(1, 3, 0, 0, 1), new ThinDeviceDetails(2, 3, 0, 1, 1)), now.devices());
            assertEquals(rig.status().totalDataBlocks(), now.dataBlockCount());
            assertEquals(3, assertInstanceOf(MetadataProbe.Pool.class, MetadataProbe.probe(meta.path()))
                    .superblock().transactionId());
            assertInstanceOf(MetadataProbe.Empty.class, MetadataProbe.probe(buffered(buffered)),
                    "the page cache is stale");

            // a plain read of a live pool's metadata would race the kernel; the wrong device is refused
            assertEquals(ThinMetadataException.Kind.DEVICE_IN_USE,
                    assertThrows(ThinMetadataException.class, () -> MetadataReader.open(meta.path())).kind());
            assertEquals(ThinMetadataException.Kind.WRONG_DEVICE, assertThrows(ThinMetadataException.class,
                    () -> PoolMetadata.read(dm, rig.pool.ref(), rig.data.path())).kind());
            assertTrue(rig.status().heldMetadataRoot().isEmpty(), "nothing reserved for a refused read");
        }
    }

    private static ByteBuffer buffered(FileChannel channel) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(4096);
        channel.read(block, 0);
        return block.flip();
    }

    /**
     * The kernel keeps one metadata snapshot per pool (a second reserve is EBUSY). The reader never
     * releases one it did not take: not when it finds one held, not when one is taken between its status
     * and its reserve, not when its own was released and replaced while it read (that is reported).
     */
    @Test
    void snapshotsOfOthersAreNeverReleased(DeviceMapper dm, DmScratch s) {
        PoolRig rig = new PoolRig(dm, s, 2 * PoolRig.MIB, 8 * PoolRig.MIB);
        rig.thin(1);
        rig.messages.reserveMetadataSnap();
        assertThrows(DeviceBusyException.class, rig.messages::reserveMetadataSnap, "the kernel's answer to a second one");
        rig.messages.releaseMetadataSnap();

        // someone reserves right after the reader looked at the status: the kernel's EBUSY, typed
        DeviceMapper racing = reserveAfterFirstStatus(dm, rig);
        ThinMetadataException busy = assertThrows(ThinMetadataException.class,
                () -> MetadataReader.openSnapshot(racing, rig.pool.ref(), rig.meta.path()));
        assertEquals(ThinMetadataException.Kind.SNAPSHOT_HELD, busy.kind());
        assertInstanceOf(DeviceBusyException.class, busy.getCause());
        assertTrue(rig.status().heldMetadataRoot().isPresent(), "the racer's snapshot is still held");
        rig.messages.releaseMetadataSnap();

        MetadataReader reader = MetadataReader.openSnapshot(dm, rig.pool.ref(), rig.meta.path());
        assertEquals(1, reader.devices().size());
        rig.messages.releaseMetadataSnap();
        rig.thin(2);
        rig.messages.reserveMetadataSnap();
        long theirs = rig.status().heldMetadataRoot().orElseThrow();
        ThinMetadataException lost = assertThrows(ThinMetadataException.class, reader::close);
        assertEquals(ThinMetadataException.Kind.SNAPSHOT_LOST, lost.kind());
        assertEquals(theirs, rig.status().heldMetadataRoot().orElseThrow(), "the other holder's snapshot is untouched");
        assertThrows(IllegalStateException.class, reader::devices);
        rig.messages.releaseMetadataSnap();
    }

    /** The real device-mapper, except that right after the first status call someone else reserves a snapshot. */
    private static DeviceMapper reserveAfterFirstStatus(DeviceMapper dm, PoolRig rig) {
        boolean[] done = {false};
        return (DeviceMapper) Proxy.newProxyInstance(DeviceMapper.class.getClassLoader(), new Class<?>[] {DeviceMapper.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(dm, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("status") && !done[0]) {
                        done[0] = true;
                        rig.messages.reserveMetadataSnap();
                    }
                    return result;
                });
    }

    /**
     * Trees of more than one level: a device with 300 mappings (a leaf holds at most 252: leaves under an
     * internal node), a chain of snapshots each written at its own blocks, and 130 more ids (a details
     * leaf holds 126) with every tenth deleted; live, as the tools say (the fixture pool covers reading a
     * deactivated pool).
     */
    @Test
    void deeperTreesAndSnapshotChainsReadAsTheToolsSay(DeviceMapper dm, DmScratch s) {
        PoolRig rig = new PoolRig(dm, s, 4 * PoolRig.MIB, 64 * PoolRig.MIB);
        long[] many = new long[300];
        for (int i = 0; i < many.length; i++) {
            many[i] = 2L * i;
        }
        rig.thin(1).write(1, 1, many);
        for (long level = 2; level <= 8; level++) {
            rig.snap(level, level - 1).write(level, level, level, 100 + level, 2 * level + 1);
        }
        for (long id = 100; id < 230; id++) {
            rig.thin(id);
        }
        for (long id = 100; id < 230; id += 10) {
            rig.delete(id);
        }
        rig.setTransactionId(42);

        rig.messages.reserveMetadataSnap();
        ThinDump dump = ThinDump.parse(Tools.thinDump(rig.meta.path(), true));
        ThinLs ls = ThinLs.parse(Tools.thinLs(rig.meta.path(), true));
        rig.messages.releaseMetadataSnap();
        assertEquals(8 + 130 - 13, dump.devices().size());
        try (MetadataReader live = MetadataReader.openSnapshot(dm, rig.pool.ref(), rig.meta.path())) {
            Oracle.assertMatches(live, dump, ls);
            try (DeviceBlocks blocks = DeviceBlocks.open(rig.meta.path())) {
                ThinSuperblock sb = live.superblock();
                assertTrue(!Node.read(blocks, sb.deviceDetailsRoot(), "details", 24).isLeaf(), "a two-level details tree");
                BTree.Entry one = new BTree(blocks, "top", 8).find(sb.dataMappingRoot(), 1).orElseThrow();
                assertTrue(!Node.read(blocks, one.leaf().le64(one.index()), "thin 1", 8).isLeaf(),
                        "a two-level mapping tree");
            }
        }
    }
}
