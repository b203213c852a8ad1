package io.jdm.api;

/**
 * Root of everything jdm throws. Sealed so that a caller can see every kind of failure:
 * bad input caught before the kernel ({@link InvalidInputException}), a refusal by the kernel
 * ({@link KernelException} and its errno-specific subclasses), a device-mapper that cannot be reached
 * ({@link DeviceMapperUnavailableException}), a reply too large for the buffer cap
 * ({@link BufferLimitException}), and a feature the running kernel is too old for
 * ({@link UnsupportedByKernelException}).
 */
public abstract sealed class DeviceMapperException extends RuntimeException
        permits InvalidInputException, KernelException, DeviceMapperUnavailableException,
                BufferLimitException, UnsupportedByKernelException, ClosedException {

    protected DeviceMapperException(String message) {
        super(message);
    }

    protected DeviceMapperException(String message, Throwable cause) {
        super(message, cause);
    }
}
