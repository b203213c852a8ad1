package io.jdm.ioctl.internal;

import io.jdm.api.DeviceFlag;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.NodePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The named nodes jdm makes where no udev runs (root can make block nodes in any directory). */
class DeviceNodesTest {
    private static DeviceInfo live(String name, int minor) {
        return new DeviceInfo(DeviceName.of(name), Optional.empty(), DeviceNumber.of(253, minor), 0, 0, 1, Set.of(DeviceFlag.LIVE_TABLE));
    }

    /**
     * Between the kernel's remove of X and the node's unlink, another thread may have made a new X and its
     * node: that node stays, the removed device's own goes.
     */
    @Test
    void aRemoveLeavesTheNodeOfANewDeviceOfTheSameName(@TempDir Path dev) {
        DeviceNodes nodes = new DeviceNodes(dev, NodePolicy.ALWAYS);
        nodes.added(live("x", 5));
        Path node = nodes.mapperPath(DeviceName.of("x"));
        assertEquals(DeviceNumber.of(253, 5), DeviceNodes.rdev(node));

        nodes.removed(DeviceName.of("x"), number -> number.equals(DeviceNumber.of(253, 5)));
        assertTrue(Files.exists(node), "the node of the live device of that name was deleted");

        nodes.removed(DeviceName.of("x"), number -> false);
        assertFalse(Files.exists(node));
        nodes.removed(null, number -> false); // a reply without a name the kernel could hold: nothing to do
    }
}
