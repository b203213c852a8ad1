package io.jdm.targets.kernel;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.InvalidInputException;
import io.jdm.targets.ZeroTarget;
import io.jdm.targets.Targets;
import io.jdm.targets.message.CoreMessages;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages to device-mapper core, with their replies. */
@KernelTest
class CoreMessagesKernelTest {

    @Test
    void statsCreateListAndDelete(DeviceMapper dm, DmScratch s) {
        DeviceInfo info = Kernel.create(dm, s, "stats", Targets.table().add(2048, new ZeroTarget()).build());
        CoreMessages core = CoreMessages.of(dm);
        assertEquals("", core.statsList(info.ref()).strip());
        String region = core.send(info.ref(), 0, "@stats_create - /1").orElseThrow().strip();
        assertEquals("0", region);
        String list = core.statsList(info.ref());
        assertTrue(list.startsWith("0: 0+2048 2048"), list);
        core.send(info.ref(), 0, "@stats_delete 0");
        assertEquals("", core.statsList(info.ref()).strip());
        assertThrows(InvalidInputException.class, () -> core.send(info.ref(), 0, " "));
    }
}
