package io.jdm.thin.metadata;

import io.jdm.api.DeviceNumber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What the file system says about a path that may be a block device: its number and its holders. */
final class BlockDeviceFiles {
    private static final Path SYS_DEV_BLOCK = Path.of("/sys/dev/block");

    private BlockDeviceFiles() {
    }

    /** The device number of the block device {@code path} names (following links), empty for anything else. */
    static Optional<DeviceNumber> number(Path path) {
        try {
            if (!Files.readAttributes(path, BasicFileAttributes.class).isOther()) {
                return Optional.empty();
            }
            long rdev = (Long) Files.getAttribute(path, "unix:rdev");
            return rdev == 0 ? Optional.empty() : Optional.of(DeviceNumber.decode(rdev));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The node under {@code /dev} of block device {@code number}, as sysfs names it ({@code DEVNAME} in its
     * uevent), if that node exists and is that device.
     */
    static Optional<Path> node(DeviceNumber number) {
        try {
            for (String line : Files.readAllLines(SYS_DEV_BLOCK.resolve(number.toString()).resolve("uevent"))) {
                if (line.startsWith("DEVNAME=")) {
                    Path node = Path.of("/dev").resolve(line.substring("DEVNAME=".length()));
                    return number(node).filter(number::equals).map(n -> node);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no sysfs entry, or an odd name: no node we can vouch for
        }
        return Optional.empty();
    }

    /**
     * The devices (e.g. {@code dm-3}) holding the block device {@code path} open exclusively, as sysfs
     * lists them; empty for files, and when sysfs cannot tell.
     */
    static List<String> holders(Path path) {
        Optional<DeviceNumber> number = number(path);
        if (number.isEmpty()) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(SYS_DEV_BLOCK.resolve(number.get().toString()).resolve("holders"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
