package io.jdm.testkit.fake;

import io.jdm.api.Command;
import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.Errno;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.Table;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The example of dm-testkit's README, as it is written there. */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleRuns() throws IOException {
        FakeKernel kernel = FakeKernel.create();
        DeviceMapper dm = kernel.open();                          // give this to the code under test
        DeviceNumber meta = kernel.addDisk(8 << 20);
        DeviceNumber data = kernel.addDisk(64 << 20);
        DeviceInfo pool = dm.createWithTable(DeviceName.of("pool"),
                Table.of(131072, "thin-pool", meta + " " + data + " 128 0"));
        dm.message(pool.ref(), 0, "create_thin 0");
        DeviceInfo vol = dm.createWithTable(DeviceName.of("vol"), Table.of(2048, "thin", pool.number() + " 0"));
        kernel.write(vol.ref(), 0, 64 * 1024);                    // provisions one data block
        String status = dm.status(pool.ref()).targets().getFirst().text();
        // "0 214/2048 1/1024 - rw discard_passdown queue_if_no_space - 512 "
        try (FakeKernel.Hold held = kernel.holdOpen(vol.ref())) {
            assertThrows(DeviceBusyException.class, () -> dm.remove(vol.ref()));   // EBUSY, as on Linux
        }
        kernel.faults().failNext(Command.TABLE_LOAD, DeviceName.of("next"), Errno.EINVAL);
        dm.create(DeviceName.of("next"));
        assertThrows(InvalidArgumentException.class, () -> dm.load(DeviceRef.name("next"), Table.of(8, "zero", "")));

        assertEquals("0 214/2048 1/1024 - rw discard_passdown queue_if_no_space - 512 ", status);
    }
}
