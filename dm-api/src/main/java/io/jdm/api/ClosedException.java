package io.jdm.api;

/** The {@link DeviceMapper} (or watcher) was closed; closing is final. */
public final class ClosedException extends DeviceMapperException {
    public ClosedException(String message) {
        super(message);
    }
}
