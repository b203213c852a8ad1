package io.jdm.cli;

/**
 * A command failed and has already said why on stderr (or has {@code message} to say): the caller
 * only adds dmsetup's closing "Command failed." and exits 1.
 */
final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
        super(message);
    }

    CommandFailedException() {
        super(null, null, false, false);
    }
}
