package io.jdm.api;

/** EBUSY from create or rename: the name or uuid is already taken; ENXIO from create: the minor is taken. */
public final class DeviceExistsException extends KernelException {
    public DeviceExistsException(Command command, DeviceRef device, int errno, String sent) {
        super(command, device, errno, sent);
    }
}
