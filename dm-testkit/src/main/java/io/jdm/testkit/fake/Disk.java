package io.jdm.testkit.fake;

import io.jdm.api.DeviceNumber;

/** A disk outside device-mapper (what a loop device is on a real machine): a number and a size, no content. */
record Disk(DeviceNumber number, long sectors) implements BlockDevice {
}
