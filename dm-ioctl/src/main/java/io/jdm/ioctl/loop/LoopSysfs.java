package io.jdm.ioctl.loop;

import io.jdm.api.DeviceNumber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads what the kernel publishes about loopN under {@code /sys/block/loopN}: the truth about a loop
 * device (real backing path, size, flags) without a struct round trip, and the only place that lists
 * its holders.
 */
final class LoopSysfs {
    private static final Path SYS_BLOCK = Path.of("/sys/block");

    private final Path dir;

    LoopSysfs(int index) {
        this.dir = SYS_BLOCK.resolve("loop" + index);
    }

    /** {@code dev}: "7:N"; empty when sysfs does not show the device. */
    Optional<DeviceNumber> number() {
        return readOptional(dir.resolve("dev")).map(DeviceNumber::parse);
    }

    /** {@code loop/backing_file}: present only while a file is attached. */
    Optional<String> backingFile() {
        return readOptional(dir.resolve("loop").resolve("backing_file"));
    }

    /** {@code size}: always in 512-byte sectors, whatever the logical block size. */
    long sizeSectors() {
        return Long.parseLong(read(dir.resolve("size")));
    }

    boolean readOnly() {
        return "1".equals(read(dir.resolve("ro")));
    }

    boolean autoClear() {
        return "1".equals(read(dir.resolve("loop").resolve("autoclear")));
    }

    boolean directIo() {
        return "1".equals(read(dir.resolve("loop").resolve("dio")));
    }

    /** Names of the block devices holding this one open exclusively (e.g. {@code dm-3}). */
    List<String> holders() {
        try (Stream<Path> s = Files.list(dir.resolve("holders"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private String read(Path file) {
        return readOptional(file).orElseThrow(() ->
                LoopException.of("read", file, "not found (is sysfs mounted, is the loop device still attached?)"));
    }

    private static Optional<String> readOptional(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw LoopException.of("read", file, e.toString(), e);
        }
    }
}
