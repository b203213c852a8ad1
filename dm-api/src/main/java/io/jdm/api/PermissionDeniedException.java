package io.jdm.api;

/** EACCES or EPERM: the caller lacks CAP_SYS_ADMIN. */
public final class PermissionDeniedException extends KernelException {
    public PermissionDeniedException(Command command, DeviceRef device, int errno, String sent) {
        super(command, device, errno, sent);
    }
}
