package io.jdm.cli;

/**
 * The command line is wrong; nothing has been sent to the kernel. {@code withUsage} says whether the
 * short usage follows the message (dmsetup prints it for a wrong argument count, not for a bad option).
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean withUsage;

    UsageException(String message, boolean withUsage) {
        super(message);
        this.withUsage = withUsage;
    }

    boolean withUsage() {
        return withUsage;
    }
}
