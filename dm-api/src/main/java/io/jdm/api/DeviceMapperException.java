package io.jdm.api;

/**
 * Root of everything jdm throws. Sealed so that a caller can see every kind of failure:
 * bad input caught before the kernel ({@link InvalidInputException}), a refusal by the kernel
 * ({@link KernelException} and its errno-specific subclasses), a device-mapper that cannot be reached
 * ({@link DeviceMapperUnavailableException}), a reply too large for the buffer cap
 * ({@link BufferLimitException}), a feature the running kernel is too old for
 * ({@link UnsupportedByKernelException}), a reply jdm cannot read ({@link UnexpectedReplyException}),
 * and use after close ({@link ClosedException}).
 */
public abstract sealed class DeviceMapperException extends RuntimeException
        permits InvalidInputException, KernelException, DeviceMapperUnavailableException,
                BufferLimitException, UnsupportedByKernelException, ClosedException,
                UnexpectedReplyException {

    protected DeviceMapperException(String message) {
        super(message);
    }

    protected DeviceMapperException(String message, Throwable cause) {
        super(message, cause);
    }
}
