package io.jdm.cli;

import io.jdm.api.DeviceNumber;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Kernel names dm-N and loopN, dm names from a FakeDm's kernel, read-ahead 256 for devices with a table; its
 * "loop" disks have no backing files.
 */
record FakeHost(FakeDm dm, boolean utf8) implements HostView {
    @Override
    public Optional<String> kernelName(DeviceNumber n) {
        if (n.major() == 7) {
            return Optional.of("loop" + n.minor());
        }
        return dm.infos().stream().filter(d -> d.number().equals(n) && d.hasLiveTable())
                .findFirst().map(d -> "dm-" + n.minor());
    }

    @Override
    public Optional<String> dmName(DeviceNumber n) {
        return dm.infos().stream().filter(d -> d.number().equals(n)).findFirst().map(d -> d.name().value());
    }

    @Override
    public OptionalLong readAheadSectors(DeviceNumber n) {
        return kernelName(n).isPresent() ? OptionalLong.of(256) : OptionalLong.empty();
    }

    @Override
    public OptionalLong sizeSectors(String path) {
        return OptionalLong.empty();
    }

    @Override
    public boolean mapperNodeExists(String name) {
        return false;
    }

    @Override
    public Optional<Path> loopBackingFile(DeviceNumber n) {
        return Optional.empty();
    }
}
