package io.jdm.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open device-mapper.
 *
 * @param controlPath    the control node, normally {@code /dev/mapper/control}
 * @param devDirectory   where device nodes live, normally {@code /dev}
 * @param nodePolicy     who makes {@code /dev/mapper/NAME}
 * @param maxBufferBytes the largest ioctl buffer jdm grows to for a reply; past it a
 *                       {@link BufferLimitException} is thrown
 */
public record DeviceMapperOptions(Path controlPath, Path devDirectory, NodePolicy nodePolicy, int maxBufferBytes) {
    /** Smallest buffer the replies with data ever start with. */
    public static final int INITIAL_BUFFER_BYTES = 16 * 1024;
    private static final DeviceMapperOptions DEFAULTS =
            new DeviceMapperOptions(Path.of("/dev/mapper/control"), Path.of("/dev"), NodePolicy.AUTO, 64 * 1024 * 1024);

    public DeviceMapperOptions {
        Objects.requireNonNull(controlPath, "controlPath");
        Objects.requireNonNull(devDirectory, "devDirectory");
        Objects.requireNonNull(nodePolicy, "nodePolicy");
        if (maxBufferBytes < INITIAL_BUFFER_BYTES) {
            throw new InvalidInputException("maxBufferBytes must be at least " + INITIAL_BUFFER_BYTES + ", got " + maxBufferBytes);
        }
    }

    public static DeviceMapperOptions defaults() {
        return DEFAULTS;
    }

    public DeviceMapperOptions withNodePolicy(NodePolicy policy) {
        return new DeviceMapperOptions(controlPath, devDirectory, policy, maxBufferBytes);
    }

    public DeviceMapperOptions withMaxBufferBytes(int bytes) {
        return new DeviceMapperOptions(controlPath, devDirectory, nodePolicy, bytes);
    }

    public DeviceMapperOptions withControlPath(Path path) {
        return new DeviceMapperOptions(path, devDirectory, nodePolicy, maxBufferBytes);
    }
}
