package io.jdm.api;

/** The kernel's answer did not fit even in the largest buffer jdm is allowed to use. */
public final class BufferLimitException extends DeviceMapperException {
    private final Command command;
    private final long limitBytes;

    public BufferLimitException(Command command, DeviceRef device, long limitBytes) {
        super(command.kernelName() + (device == null ? "" : " on " + device)
                + ": the kernel's reply does not fit in " + limitBytes
                + " bytes, the configured buffer limit (DeviceMapperOptions.maxBufferBytes)");
        this.command = command;
        this.limitBytes = limitBytes;
    }

    public Command command() {
        return command;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
