package io.jdm.api;

/** A feature needs a newer device-mapper interface than the running kernel has; nothing was sent. */
public final class UnsupportedByKernelException extends DeviceMapperException {
    private final InterfaceVersion required;
    private final InterfaceVersion running;

    public UnsupportedByKernelException(String feature, InterfaceVersion required, InterfaceVersion running) {
        super(feature + " needs device-mapper interface " + required + " or newer; the running kernel has " + running);
        this.required = required;
        this.running = running;
    }

    public InterfaceVersion required() {
        return required;
    }

    public InterfaceVersion running() {
        return running;
    }
}
