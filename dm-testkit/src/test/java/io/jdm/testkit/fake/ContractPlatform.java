package io.jdm.testkit.fake;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceUuid;
import io.jdm.api.ListedDevice;

import java.io.IOException;
import java.util.List;

/** What the contract needs from where it runs: the real kernel (with loops and block nodes) or the fake. */
interface ContractPlatform {
    DeviceMapper dm();

    /** A device name of this test's own. */
    DeviceName name(String suffix);

    /** A uuid of this test's own. */
    DeviceUuid uuid(String suffix);

    /** A block device of {@code bytes} outside device-mapper (a loop device on the kernel). */
    DeviceNumber disk(long bytes);

    /** Holds {@code device} open until closed (an open block node on the kernel). */
    AutoCloseable hold(DeviceInfo device) throws IOException;

    /** Writes {@code length} zero bytes at {@code offset} of {@code device} and waits until they reached it. */
    void write(DeviceInfo device, long offset, int length) throws IOException;

    /** The same on a disk from {@link #disk}. */
    void writeDisk(DeviceNumber disk, long offset, int length) throws IOException;

    /** The devices named with this test's prefix, in the kernel's order. */
    List<ListedDevice> mine();

    /** A second handle on the same device-mapper. */
    DeviceMapper openAnother();

    /** Whether the kernel belongs to the tests alone, so that a remove-all may run. */
    boolean ownsTheKernel();
}
