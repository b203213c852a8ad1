package io.jdm.api;

/**
 * Device-mapper cannot be used from this process: no control node (dm_mod not loaded), no permission
 * to open it, native access not enabled for jdm, or no implementation on the module/class path.
 */
public final class DeviceMapperUnavailableException extends DeviceMapperException {
    public DeviceMapperUnavailableException(String message) {
        super(message);
    }

    public DeviceMapperUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
