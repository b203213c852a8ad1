package io.jdm.testkit.fake;

import io.jdm.api.DeviceNumber;

/** A block device a table can map onto: a fake disk, or a device-mapper device of the fake. */
sealed interface BlockDevice permits Disk, Mapped {
    DeviceNumber number();

    /** The size the kernel sees now; a device-mapper device without a live table has 0. */
    long sectors();
}
