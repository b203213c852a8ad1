package io.jdm.kerneltests;

import io.jdm.api.Dependencies;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.Geometry;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.LoadOptions;
import io.jdm.api.QueryOptions;
import io.jdm.api.StatusReport;
import io.jdm.api.Table;
import io.jdm.api.TargetVersion;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@KernelTest
class TableKernelTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void linearOverTwoLoopsReadsBackAndWritesThrough(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice a = s.loop(4 * MIB);
        LoopDevice b = s.loop(4 * MIB);
        Table table = Table.builder()
                .add(2048, "linear", a.number() + " 0")
                .add(4096, "linear", b.number() + " 2048")
                .build();
        DeviceInfo info = dm.createWithTable(s.name("lin"), table);
        assertEquals(2, info.targetCount());
        assertEquals(table, dm.table(info.ref()).table());

        Dependencies deps = dm.deps(info.ref());
        assertEquals(List.of(a.number(), b.number()).stream().sorted().toList(), deps.devices().stream().sorted().toList());

        StatusReport status = dm.status(info.ref());
        assertEquals(2, status.targets().size());
        assertEquals("linear", status.targets().get(1).type());
        assertEquals(2048, status.targets().get(1).start());

        // a block written at sector 2048 of the device lands at sector 2048 of loop b
        byte[] pattern = new byte[4096];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 7 + 3);
        }
        try (FileChannel dev = FileChannel.open(dm.devicePath(info), StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            dev.write(ByteBuffer.wrap(pattern), 2048 * 512L);
            dev.force(true);
        }
        dm.remove(info.ref());
        byte[] back = new byte[4096];
        try (FileChannel loop = FileChannel.open(b.backingFile(), StandardOpenOption.READ)) {
            loop.read(ByteBuffer.wrap(back), 2048 * 512L);
        }
        assertArrayEquals(pattern, back);
    }

    @Test
    void inactiveTableIsQueriedAndCleared(DeviceMapper dm, DmScratch s) {
        DeviceInfo info = dm.createWithTable(s.name("swap"), Table.of(2048, "zero", ""));
        DeviceInfo loaded = dm.load(info.ref(), Table.of(4096, "error", ""));
        assertTrue(loaded.hasInactiveTable());
        assertEquals("error", dm.table(info.ref(), QueryOptions.defaults().withInactiveTable(true)).table().lines().get(0).type());
        assertEquals("zero", dm.table(info.ref()).table().lines().get(0).type());
        DeviceInfo cleared = dm.clear(info.ref());
        assertFalse(cleared.hasInactiveTable());
        assertTrue(dm.table(info.ref(), QueryOptions.defaults().withInactiveTable(true)).table().isEmpty());
        // and a resume without an inactive table keeps the live one
        dm.resume(info.ref());
        assertEquals(2048, dm.table(info.ref()).table().sectors());
    }

    @Test
    void readOnlyTablesAreReportedReadOnly(DeviceMapper dm, DmScratch s) {
        dm.create(s.name("ro"));
        DeviceRef ref = DeviceRef.name(s.name("ro"));
        dm.load(ref, Table.of(2048, "zero", ""), LoadOptions.defaults().withReadOnly(true));
        assertTrue(dm.resume(ref).readOnly());
    }

    @Test
    void aTableTheKernelRefusesNamesWhatWasSent(DeviceMapper dm, DmScratch s) {
        dm.create(s.name("bad"));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> dm.load(DeviceRef.name(s.name("bad")), Table.of(100, "no-such-target", "x y")));
        assertEquals("0 100 no-such-target x y", e.sent().orElseThrow());
        assertTrue(e.getMessage().contains("DM_TABLE_LOAD on name '" + s.prefix() + "bad' failed: EINVAL"), e.getMessage());
        assertFalse(dm.info(DeviceRef.name(s.name("bad"))).hasInactiveTable());
    }

    @Test
    void messagesReturnRepliesAndRefusalsCarryTheText(DeviceMapper dm, DmScratch s) {
        DeviceInfo info = dm.createWithTable(s.name("msg"), Table.of(2048, "zero", ""));
        String region = dm.message(info.ref(), 0, "@stats_create - /4").orElseThrow();
        assertEquals("0", region.strip());
        String list = dm.message(info.ref(), 0, "@stats_list").orElseThrow();
        assertTrue(list.startsWith("0: 0+2048 512"), list);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> dm.message(info.ref(), 0, "zero-has-no-messages"));
        assertEquals("sector 0 message 'zero-has-no-messages'", e.sent().orElseThrow());
        // '@' messages go to DM core whatever the sector; others need a target at the sector
        assertTrue(dm.message(info.ref(), 4096, "@stats_list").isPresent());
        InvalidArgumentException past = assertThrows(InvalidArgumentException.class,
                () -> dm.message(info.ref(), 4096, "some-message"), "a sector past the end of the device");
        assertEquals("sector 4096 message 'some-message'", past.sent().orElseThrow());
    }

    @Test
    void geometryIsSetAndReadBack(DeviceMapper dm, DmScratch s) {
        DeviceInfo info = dm.createWithTable(s.name("geo"), Table.of(2048, "zero", ""));
        dm.setGeometry(info.ref(), new Geometry(64, 16, 63, 0));
        short[] chs = HdioGeometry.read(dm.devicePath(info));
        assertArrayEquals(new short[]{64, 16, 63}, chs);
        assertThrows(io.jdm.api.NoSuchDeviceException.class,
                () -> dm.setGeometry(DeviceRef.name(s.name("nogeo")), new Geometry(1, 1, 1, 0)));
    }

    @Test
    void targetVersionsAreListedAndFetchedOneByOne(DeviceMapper dm) {
        List<TargetVersion> all = dm.targetVersions();
        TargetVersion linear = all.stream().filter(t -> t.name().equals("linear")).findFirst().orElseThrow();
        assertTrue(all.stream().anyMatch(t -> t.name().equals("zero")), all.toString());
        assertEquals(linear, dm.targetVersion("linear"));
        assertTrue(dm.targetVersion("thin-pool").major() >= 1);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> dm.targetVersion("no-such-target"));
        assertTrue(e.getMessage().contains("no-such-target"), e.getMessage());
    }

    /** HDIO_GETGEO on the block node, the way fdisk reads the geometry device-mapper keeps. */
    static final class HdioGeometry {
        private static final long HDIO_GETGEO = 0x0301;

        static short[] read(java.nio.file.Path node) {
            int fd = io.jdm.ioctl.internal.LibC.open(node.toString(), io.jdm.ioctl.internal.LibC.O_RDONLY);
            assertTrue(fd >= 0, "open " + node + ": errno " + -fd);
            try (Arena arena = Arena.ofConfined()) {
                // struct hd_geometry { u8 heads; u8 sectors; u16 cylinders; unsigned long start; }
                MemorySegment geo = arena.allocate(16, 8);
                int r = io.jdm.ioctl.internal.LibC.ioctl(fd, HDIO_GETGEO, geo);
                assertEquals(0, r, "HDIO_GETGEO");
                assertEquals(0, geo.get(JAVA_LONG, 8));
                return new short[]{geo.get(JAVA_SHORT, 2), (short) (geo.get(JAVA_BYTE, 0) & 0xff), (short) (geo.get(JAVA_BYTE, 1) & 0xff)};
            } finally {
                io.jdm.ioctl.internal.LibC.close(fd);
            }
        }
    }
}
