package io.jdm.api;

/** EBUSY: the device is open or in use, e.g. removing a mounted device. */
public final class DeviceBusyException extends KernelException {
    public DeviceBusyException(Command command, DeviceRef device, int errno, String sent) {
        super(command, device, errno, sent);
    }
}
