package io.jdm.api;

/**
 * The kernel answered, but not in a form jdm can read (a status line of a newer target version, say).
 * Unlike {@link InvalidInputException}, the request did reach the kernel; the message quotes the reply.
 */
public final class UnexpectedReplyException extends DeviceMapperException {
    public UnexpectedReplyException(String message) {
        super(message);
    }

    /** A reply that broke a rule of the value it was read into (a table with a gap, say), which is the cause. */
    public UnexpectedReplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
