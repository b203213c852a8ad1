package io.jdm.api;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Options of {@code DM_DEV_CREATE}: an optional uuid and an optional persistent minor number
 * (the major is always device-mapper's own).
 */
public record CreateOptions(Optional<DeviceUuid> uuid, OptionalInt minor) {
    private static final CreateOptions DEFAULTS = new CreateOptions(Optional.empty(), OptionalInt.empty());

    public CreateOptions {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(minor, "minor");
        if (minor.isPresent() && (minor.getAsInt() < 0 || minor.getAsInt() > DeviceNumber.MAX_MINOR)) {
            throw new InvalidInputException("minor " + minor.getAsInt() + " out of range 0.." + DeviceNumber.MAX_MINOR);
        }
    }

    public static CreateOptions defaults() {
        return DEFAULTS;
    }

    public CreateOptions withUuid(DeviceUuid uuid) {
        return new CreateOptions(Optional.of(uuid), minor);
    }

    public CreateOptions withUuid(String uuid) {
        return withUuid(DeviceUuid.of(uuid));
    }

    public CreateOptions withMinor(int minor) {
        return new CreateOptions(uuid, OptionalInt.of(minor));
    }
}
