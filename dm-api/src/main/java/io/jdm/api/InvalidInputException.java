package io.jdm.api;

/** Input that jdm can tell is wrong without asking the kernel: nothing was sent. */
public final class InvalidInputException extends DeviceMapperException {
    public InvalidInputException(String message) {
        super(message);
    }
}
