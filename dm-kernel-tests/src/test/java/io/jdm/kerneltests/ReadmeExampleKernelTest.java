package io.jdm.kerneltests;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.api.StatusReport;
import io.jdm.api.Table;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java example, run as written (only the name and the file come from the scratch space). */
@KernelTest
class ReadmeExampleKernelTest {

    @Test
    void theReadmeExampleWorks(DmScratch s) throws Exception {
        s.expectNoLeftovers();
        Path image = s.tempDir().resolve("disk.img");
        DeviceName exampleName = s.name("example");

        // --- README example starts
        try (DeviceMapper dm = DeviceMapper.open();
             LoopDevice loop = LoopControl.attach(LoopControl.createSparseFile(image, 64 << 20))) {
            long sectors = loop.sizeBytes() / 512;
            DeviceInfo info = dm.createWithTable(exampleName,
                    Table.of(sectors, "linear", loop.number() + " 0"));
            Path node = dm.devicePath(info);                       // /dev/mapper/example (or /dev/dm-N)
            Table table = dm.table(info.ref()).table();            // 0 131072 linear 7:0 0
            StatusReport status = dm.status(info.ref());           // linear has no status text
            dm.remove(info.ref());
            // --- README example ends

            assertEquals(Path.of("/dev/mapper", exampleName.value()), node);
            assertTrue(Files.notExists(node), "the node goes with the device");
            assertEquals(Table.of(sectors, "linear", loop.number() + " 0"), table);
            assertEquals(131072, sectors);
            assertEquals(1, status.targets().size());
            assertEquals("linear", status.targets().getFirst().type());
            assertThrows(NoSuchDeviceException.class, () -> dm.info(DeviceRef.name(exampleName)));
        }
        s.assertNothingLeft();
    }
}
