package io.jdm.ioctl.block;

import io.jdm.api.DeviceNumber;
import io.jdm.api.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/** What the file system and sysfs say about a block device: the number a node stands for, and the size. */
public final class BlockDevices {
    private static final Path SYS_DEV_BLOCK = Path.of("/sys/dev/block");

    private BlockDevices() {
    }

    /** The device number of the block device node {@code node} (links followed); refused for anything else. */
    public static DeviceNumber number(Path node) {
        try {
            if (!Files.readAttributes(node, PosixFileAttributes.class).isOther()) {
                throw new InvalidInputException(node + " is not a block device");
            }
            return DeviceNumber.decode((Long) Files.getAttribute(node, "unix:rdev"));
        } catch (IOException e) {
            throw new InvalidInputException("cannot stat " + node + ": " + e);
        }
    }

    /** The size of block device {@code number} in 512-byte sectors (sysfs counts so whatever the block size). */
    public static long sizeSectors(DeviceNumber number) {
        Path size = SYS_DEV_BLOCK.resolve(number.toString()).resolve("size");
        try {
            return Long.parseLong(Files.readString(size).trim());
        } catch (IOException | NumberFormatException e) {
            throw new InvalidInputException("cannot read the size of block device " + number + " from " + size + ": " + e);
        }
    }
}
