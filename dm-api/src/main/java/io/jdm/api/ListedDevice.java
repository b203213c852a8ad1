package io.jdm.api;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One entry of {@code DM_LIST_DEVICES}.
 *
 * @param eventNr the device's event counter; absent on kernels before interface 4.38
 * @param uuid     the device's uuid; absent when it has none, and on kernels that list no uuids
 *                 (Linux 5.10's interface 4.43 lists none; 6.1's 4.47 and 6.12's 4.48 do): then
 *                 {@link DeviceMapper#info} has it
 */
public record ListedDevice(DeviceName name, DeviceNumber number, OptionalLong eventNr, Optional<DeviceUuid> uuid) {
    public ListedDevice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(eventNr, "eventNr");
        Objects.requireNonNull(uuid, "uuid");
    }

    /** How to address this device: by name, or by number when the name is not {@linkplain DeviceName#exact() exact}. */
    public DeviceRef ref() {
        return DeviceRef.of(name, number);
    }
}
