package io.jdm.ioctl.internal;

/**
 * What a reply reader throws when the reply is not well formed; {@link ControlDevice} turns it into an
 * {@link io.jdm.api.UnexpectedReplyException} naming the command and the device. A reply whose parts
 * disagree in a way the kernel can really produce (a status whose table changed between the kernel's
 * two looks at it) is {@linkplain #retryable() retryable}: the call is made again, a bounded number of
 * times.
 */
public final class BadReply extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    private BadReply(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    /** The reply breaks the framing or the record layout the kernel writes. */
    public static BadReply malformed(String message) {
        return new BadReply(message, false);
    }

    /** The reply's count and its records disagree: asking again may get a consistent one. */
    public static BadReply mismatch(String message) {
        return new BadReply(message, true);
    }

    public boolean retryable() {
        return retryable;
    }
}
