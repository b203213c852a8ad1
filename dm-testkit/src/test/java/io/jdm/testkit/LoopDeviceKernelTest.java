package io.jdm.testkit;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.Table;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.ioctl.loop.LoopException;
import io.jdm.ioctl.loop.LoopOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loop devices through FFM, checked against what the kernel shows in sysfs and what lands in the file. */
@KernelTest
class LoopDeviceKernelTest {
    private static final long MIB = 1024 * 1024;

    private static boolean attachedInSysfs(int index) {
        return Files.exists(Path.of("/sys/block/loop" + index + "/loop/backing_file"));
    }

    @Test
    void attachShowsTheFileAndSizeAndCloseDetaches(DmScratch scratch) throws IOException {
        Path file = LoopControl.createSparseFile(scratch.tempDir().resolve("a.img"), 8 * MIB);
        int index;
        try (LoopDevice loop = LoopControl.attach(file, LoopOptions.defaults())) {
            index = loop.index();
            assertEquals(Path.of("/dev/loop" + index), loop.path());
            assertEquals(7, loop.number().major());
            assertTrue(Files.exists(loop.path()), "block node " + loop.path());
            assertEquals(file.toRealPath(), loop.backingFile());
            assertEquals(8 * MIB, loop.sizeBytes());
            assertTrue(loop.autoClear());
            assertFalse(loop.readOnly());
            assertTrue(attachedInSysfs(index));
        }
        assertFalse(attachedInSysfs(index), "loop" + index + " still attached after close");
    }

    @Test
    void writesThroughTheLoopDeviceLandInTheFile(DmScratch scratch) throws IOException {
        LoopDevice loop = scratch.loop(4 * MIB);
        byte[] data = new byte[4096];
        Arrays.fill(data, (byte) 0x5a);
        try (FileChannel dev = FileChannel.open(loop.path(), StandardOpenOption.WRITE)) {
            dev.write(ByteBuffer.wrap(data), MIB);
            dev.force(true);
        }
        byte[] back = new byte[4096];
        try (FileChannel file = FileChannel.open(loop.backingFile(), StandardOpenOption.READ)) {
            file.read(ByteBuffer.wrap(back), MIB);
        }
        assertArrayEquals(data, back);
    }

    @Test
    void aMissingBackingFileIsNamedBeforeTheKernelIsAsked(DmScratch scratch) {
        Path missing = scratch.tempDir().resolve("nope.img");
        LoopException e = assertThrows(LoopException.class, () -> LoopControl.attach(missing, LoopOptions.defaults()));
        assertTrue(e.getMessage().contains("backing file " + missing + " does not exist"), e.getMessage());
        assertTrue(e.errno().isEmpty());
    }

    @Test
    void readOnlyRefusesWrites(DmScratch scratch) {
        LoopDevice loop = scratch.loop(MIB, LoopOptions.defaults().withReadOnly(true));
        assertTrue(loop.readOnly());
        assertThrows(IOException.class, () -> {
            try (FileChannel dev = FileChannel.open(loop.path(), StandardOpenOption.WRITE)) {
                dev.write(ByteBuffer.allocate(512), 0);
            }
        });
    }

    @Test
    void detachIsIdempotentAndReadBackStopsAfterIt(DmScratch scratch) {
        LoopDevice loop = scratch.loop(MIB);
        loop.detach();
        loop.detach();
        assertFalse(loop.isAttached());
        assertFalse(attachedInSysfs(loop.index()));
        assertThrows(LoopException.class, loop::sizeBytes);
        loop.close();
        loop.close();
    }

    @Test
    void aLoopHeldByAMappedDeviceGoesWhenTheDeviceDoes(DeviceMapper dm, DmScratch scratch) throws Exception {
        LoopDevice loop = scratch.loop(MIB);
        DeviceInfo linear = dm.createWithTable(scratch.name("on-loop"),
                Table.of(MIB / 512, "linear", loop.number() + " 0"));
        assertEquals(1, loop.holders().size(), "holders of " + loop);

        loop.close(); // the kernel can't detach now; it marks the loop auto-clear instead
        assertTrue(attachedInSysfs(loop.index()));

        dm.remove(linear.ref());
        for (int i = 0; i < 50 && attachedInSysfs(loop.index()); i++) {
            Thread.sleep(100);
        }
        assertFalse(attachedInSysfs(loop.index()), "loop" + loop.index() + " still attached after its holder went");
    }

    @Test
    void attachingManyAtOnceGivesEachItsOwnDevice(DmScratch scratch) throws Exception {
        int n = 6;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(LoopControl.createSparseFile(scratch.tempDir().resolve("p" + i + ".img"), MIB));
        }
        List<LoopDevice> loops = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<LoopDevice>> attached = new ArrayList<>();
            for (Path f : files) { // unsynchronised on purpose: they race for the same free index
                attached.add(pool.submit(() -> {
                    LoopDevice loop = LoopControl.attach(f, LoopOptions.defaults());
                    loops.add(loop);
                    return loop;
                }));
            }
            Set<Integer> indexes = new HashSet<>();
            for (int i = 0; i < n; i++) {
                LoopDevice loop = attached.get(i).get();
                assertTrue(indexes.add(loop.index()), "index " + loop.index() + " handed out twice");
                assertEquals(files.get(i).toRealPath(), loop.backingFile());
            }
        } finally {
            pool.shutdown();
            loops.forEach(LoopDevice::close);
        }
    }
}
