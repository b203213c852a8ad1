package io.jdm.cli;

import io.jdm.api.DeviceNumber;
import io.jdm.ioctl.loop.LoopCapacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link HostView} over /sys/dev/block and /dev/mapper, as libdm's dm_device_get_name reads them. */
final class SysfsHostView implements HostView {
    private static final Path SYS_BLOCK = Path.of("/sys/dev/block");
    private static final Path MAPPER = Path.of("/dev/mapper");

    @Override
    public Optional<String> kernelName(DeviceNumber number) {
        try {
            Path link = Files.readSymbolicLink(SYS_BLOCK.resolve(number.toString()));
            return Optional.of(link.getFileName().toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> dmName(DeviceNumber number) {
        return readLine(SYS_BLOCK.resolve(number.toString()).resolve("dm/name"));
    }

    @Override
    public OptionalLong readAheadSectors(DeviceNumber number) {
        Optional<String> kb = readLine(SYS_BLOCK.resolve(number.toString()).resolve("bdi/read_ahead_kb"));
        try {
            return kb.isPresent() ? OptionalLong.of(Long.parseLong(kb.get()) * 2) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public OptionalLong sizeSectors(String path) {
        try {
            DeviceNumber n = DeviceNumber.decode((Long) Files.getAttribute(Path.of(path), "unix:rdev"));
            Optional<String> size = readLine(SYS_BLOCK.resolve(n.major() + ":" + n.minor()).resolve("size"));
            return size.isPresent() ? OptionalLong.of(Long.parseLong(size.get())) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public boolean mapperNodeExists(String name) {
        return Files.exists(MAPPER.resolve(name));
    }

    @Override
    public Optional<Path> loopBackingFile(DeviceNumber number) {
        return LoopCapacity.backingFile(number);
    }

    @Override
    public boolean utf8() {
        // setlocale(LC_ALL, "") then nl_langinfo(CODESET): LC_ALL beats LC_CTYPE beats LANG
        for (String var : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = System.getenv(var);
            if (v != null && !v.isEmpty()) {
                String lower = v.toLowerCase(Locale.ROOT);
                return lower.contains("utf-8") || lower.contains("utf8");
            }
        }
        return false;
    }

    private static Optional<String> readLine(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
