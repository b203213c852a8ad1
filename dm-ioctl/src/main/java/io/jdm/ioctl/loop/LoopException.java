package io.jdm.ioctl.loop;

import io.jdm.api.Errno;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A loop-device operation failed. Keeps the operation (e.g. {@code LOOP_CONFIGURE}), the path it was
 * about and, when the kernel refused, the errno, so the message can say what to do about it.
 */
public final class LoopException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final transient Path path;
    private final int errno;

    private LoopException(String operation, Path path, int errno, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.path = path;
        this.errno = errno;
    }

    /** A failure found before (or without) asking the kernel. */
    static LoopException of(String operation, Path path, String why) {
        return new LoopException(operation, path, 0, operation + " on " + path + ": " + why, null);
    }

    static LoopException of(String operation, Path path, String why, Throwable cause) {
        return new LoopException(operation, path, 0, operation + " on " + path + ": " + why, cause);
    }

    /** The kernel answered {@code -errno}; {@code context} says what was being done, if more than the path. */
    static LoopException kernel(String operation, Path path, int errno, String context) {
        StringBuilder sb = new StringBuilder(operation).append(" on ").append(path);
        if (context != null && !context.isEmpty()) {
            sb.append(" (").append(context).append(')');
        }
        sb.append(" failed: ").append(Errno.describe(errno));
        if (errno == Errno.EPERM.number() || errno == Errno.EACCES.number()) {
            sb.append("; loop devices need root (CAP_SYS_ADMIN)");
        }
        return new LoopException(operation, path, errno, sb.toString(), null);
    }

    /** What was being done, e.g. {@code "LOOP_CONFIGURE"} or {@code "open"}. */
    public String operation() {
        return operation;
    }

    /** The file or device the operation was about. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** The kernel's errno, when the kernel refused. */
    public OptionalInt errno() {
        return errno == 0 ? OptionalInt.empty() : OptionalInt.of(errno);
    }

    /** The errno's C name ({@code "EBUSY"}), when the kernel refused. */
    public Optional<String> errnoName() {
        if (errno == 0) {
            return Optional.empty();
        }
        Errno e = Errno.of(errno);
        return Optional.of(e == null ? "errno " + errno : e.name());
    }
}
