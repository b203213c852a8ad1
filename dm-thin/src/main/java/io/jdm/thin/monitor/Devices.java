package io.jdm.thin.monitor;

import io.jdm.api.DeviceNumber;
import io.jdm.ioctl.block.BlockDevices;
import io.jdm.targets.BlockDev;

import java.nio.file.Path;

/** Block devices as tables name them, resolved to device numbers. */
final class Devices {
    private Devices() {
    }

    /** The number of a table's device: as the kernel prints it ({@code maj:min}), or the node a path names. */
    static DeviceNumber number(BlockDev device) {
        return switch (device) {
            case BlockDev.ByNumber n -> n.number();
            case BlockDev.ByPath p -> BlockDevices.number(Path.of(p.path()));
        };
    }
}
