package io.jdm.api;

/** EINVAL: the kernel rejected what was sent; see {@link #sent()}. */
public final class InvalidArgumentException extends KernelException {
    public InvalidArgumentException(Command command, DeviceRef device, int errno, String sent) {
        super(command, device, errno, sent);
    }
}
