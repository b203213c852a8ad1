package io.jdm.api;

import java.util.List;

/** The block devices a device's table uses ({@code DM_TABLE_DEPS}). */
public record Dependencies(DeviceInfo info, List<DeviceNumber> devices) {
    public Dependencies {
        devices = List.copyOf(devices);
    }
}
