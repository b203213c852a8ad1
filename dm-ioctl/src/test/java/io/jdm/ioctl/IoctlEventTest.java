package io.jdm.ioctl;

import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.api.Table;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JFR event per ioctl: one per call to the kernel when a recording enables it, none otherwise. */
class IoctlEventTest {
    private static final String EVENT = "io.jdm.Ioctl";
    private final FakeKernel kernel = new FakeKernel();
    private final IoctlDeviceMapper dm = kernel.deviceMapper();

    @Test
    void eachCallToTheKernelIsOneEventWithItsCommandDeviceErrnoAndSizes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ioctl.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(EVENT);
            recording.start();
            dm.createWithTable(DeviceName.of("w"), Table.of(8, "zero", "")); // create, load, resume
            assertThrows(NoSuchDeviceException.class, () -> dm.info(DeviceRef.name("missing")));
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = ours(file);
        assertEquals(List.of("DM_DEV_CREATE", "DM_TABLE_LOAD", "DM_DEV_SUSPEND", "DM_DEV_STATUS"),
                events.stream().map(e -> e.getString("command")).toList());
        RecordedEvent load = events.get(1);
        assertTrue(load.getString("device").contains("'w'"), load.getString("device"));
        assertEquals(0, load.getInt("errno"));
        assertTrue(load.getInt("bytes") > 312, "the header and the table: " + load.getInt("bytes"));
        assertTrue(load.getInt("replyBytes") >= 305, "a reply's data_size covers the header's fields");
        assertFalse(load.getDuration().isNegative());
        RecordedEvent missing = events.getLast();
        assertTrue(missing.getString("device").contains("'missing'"), missing.getString("device"));
        assertEquals(6, missing.getInt("errno"), "ENXIO");
        assertEquals(0, missing.getInt("replyBytes"), "nothing copied back");
    }

    @Test
    void aRecordingThatDoesNotAskForItGetsNone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("default.jfr");
        try (Recording recording = new Recording()) { // every event at its default: this one is off
            recording.start();
            dm.version();
            dm.createWithTable(DeviceName.of("v"), Table.of(8, "zero", ""));
            recording.stop();
            recording.dump(file);
        }
        assertEquals(List.of(), ours(file));
    }

    private static List<RecordedEvent> ours(Path file) throws Exception {
        return RecordingFile.readAllEvents(file).stream().filter(e -> e.getEventType().getName().equals(EVENT)).toList();
    }
}
