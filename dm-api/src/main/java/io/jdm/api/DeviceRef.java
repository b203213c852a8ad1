package io.jdm.api;

import java.util.Objects;

/**
 * Which device a command is about: exactly one of a name, a uuid or a device number, because the
 * kernel refuses (or silently misreads) a request that carries more than one.
 */
public sealed interface DeviceRef {

    record ByName(DeviceName name) implements DeviceRef {
        public ByName {
            Objects.requireNonNull(name, "name");
            name.requireExact();
        }

        @Override
        public String toString() {
            return "name '" + name + "'";
        }
    }

    record ByUuid(DeviceUuid uuid) implements DeviceRef {
        public ByUuid {
            Objects.requireNonNull(uuid, "uuid");
            uuid.requireExact();
        }

        @Override
        public String toString() {
            return "uuid '" + uuid + "'";
        }
    }

    record ByNumber(DeviceNumber number) implements DeviceRef {
        public ByNumber {
            Objects.requireNonNull(number, "number");
            if (number.encode() == 0) {
                throw new InvalidInputException("device number 0:0 names no device");
            }
        }

        @Override
        public String toString() {
            return "device " + number;
        }
    }

    static DeviceRef name(String name) {
        return new ByName(DeviceName.of(name));
    }

    static DeviceRef name(DeviceName name) {
        return new ByName(name);
    }

    static DeviceRef uuid(String uuid) {
        return new ByUuid(DeviceUuid.of(uuid));
    }

    static DeviceRef number(DeviceNumber number) {
        return new ByNumber(number);
    }

    /**
     * A device the kernel reported: by its name, or by its number when the name cannot be sent as it is
     * (see {@link DeviceName#exact()}).
     */
    static DeviceRef of(DeviceName name, DeviceNumber number) {
        return name.exact() ? new ByName(name) : new ByNumber(number);
    }

    static DeviceRef number(int major, int minor) {
        return new ByNumber(DeviceNumber.of(major, minor));
    }
}
