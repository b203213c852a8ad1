package io.jdm.ioctl;

import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library's diagnostics go through System.Logger: here, to its default java.util.logging backend. */
class DiagnosticsLogTest {
    @Test
    void aReplyThatDidNotFitIsLoggedAtDebugWithTheSizesAndNothingAboveDebug() {
        Logger jul = Logger.getLogger("io.jdm.ioctl.internal.ControlDevice");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = jul.getLevel();
        jul.setLevel(Level.FINE);
        jul.addHandler(handler);
        try {
            FakeKernel kernel = new FakeKernel();
            IoctlDeviceMapper dm = kernel.deviceMapper();
            for (int i = 0; i < 2000; i++) {
                dm.create(DeviceName.of(String.format("device-%05d", i)), CreateOptions.defaults().withUuid("uuid-" + i));
            }
            assertEquals(2000, dm.list().size());
        } finally {
            jul.removeHandler(handler);
            jul.setLevel(before);
        }
        List<String> messages = records.stream().map(LogRecord::getMessage).toList();
        assertTrue(messages.contains("DM_LIST_DEVICES: the reply did not fit in 16384 bytes; asking again with 32768"),
                messages.toString());
        assertTrue(records.stream().allMatch(r -> r.getLevel() == Level.FINE), "a grown buffer is no warning: " + messages);
    }
}
