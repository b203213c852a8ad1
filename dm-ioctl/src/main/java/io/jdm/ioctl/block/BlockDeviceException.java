package io.jdm.ioctl.block;

import io.jdm.api.Errno;

import java.nio.file.Path;

/**
 * A block-device operation failed: the operation ({@code "open"}, {@code "pread"}, ...), the device and,
 * when the kernel refused, the errno.
 */
public final class BlockDeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final transient Path path;
    private final int errno;

    private BlockDeviceException(String operation, Path path, int errno, String message) {
        super(message);
        this.operation = operation;
        this.path = path;
        this.errno = errno;
    }

    static BlockDeviceException of(String operation, Path path, String why) {
        return new BlockDeviceException(operation, path, 0, operation + " " + path + ": " + why);
    }

    static BlockDeviceException kernel(String operation, Path path, int errno) {
        String why = errno == Errno.EBUSY.number()
                ? "in use (mounted, or held by a device-mapper table or another exclusive opener)"
                : Errno.describe(errno);
        return new BlockDeviceException(operation, path, errno, operation + " " + path + " failed: " + why);
    }

    /** What was being done, e.g. {@code "open"}. */
    public String operation() {
        return operation;
    }

    /** The device it was done to. */
    public Path path() {
        return path;
    }

    /** The kernel's errno, 0 when the failure was found before asking it. */
    public int errno() {
        return errno;
    }

    /** The device is mounted or held by another exclusive opener (EBUSY on an exclusive open). */
    public boolean isBusy() {
        return errno == Errno.EBUSY.number();
    }
}
