package io.jdm.cli;

import io.jdm.api.DeviceNumber;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the CLI reads about block devices outside the device-mapper interface (sysfs and /dev), kept
 * behind an interface so the output formats can be tested without a kernel.
 */
interface HostView {
    /** The kernel's name of a block device, e.g. {@code loop0} or {@code dm-3}. */
    Optional<String> kernelName(DeviceNumber number);

    /** The device-mapper name of a dm device, from sysfs. */
    Optional<String> dmName(DeviceNumber number);

    /** The read-ahead in sectors, as libdm reads it (sysfs {@code bdi/read_ahead_kb} x 2). */
    OptionalLong readAheadSectors(DeviceNumber number);

    /** The size in sectors of the block device at {@code path}. */
    OptionalLong sizeSectors(String path);

    /** Whether {@code /dev/mapper/NAME} exists. */
    boolean mapperNodeExists(String name);

    /** The file behind a loop device; empty when {@code number} is no loop device or nothing is attached. */
    Optional<Path> loopBackingFile(DeviceNumber number);

    /** The locale asks for UTF-8 (dmsetup draws its tree with UTF-8 lines then). */
    boolean utf8();
}
