package io.jdm.api;

/** ENXIO: the device does not exist (or vanished). */
public final class NoSuchDeviceException extends KernelException {
    public NoSuchDeviceException(Command command, DeviceRef device, int errno, String sent) {
        super(command, device, errno, sent);
    }
}
