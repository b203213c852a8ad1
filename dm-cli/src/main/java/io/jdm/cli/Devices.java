package io.jdm.cli;

import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.api.internal.Decimal;

import java.util.List;
import java.util.function.Consumer;

/** How dmsetup picks the device a command is about: a name argument, else {@code -u UUID}, else {@code -j -m}. */
final class Devices {
    private Devices() {
    }

    /** Whether the device comes from an option rather than an argument. */
    static boolean fromOption(Invocation inv) {
        return inv.has("uuid") || inv.has("major");
    }

    static DeviceRef ref(Invocation inv, String name) {
        if (name != null || inv == null) {
            if (name.indexOf('/') >= 0) {
                throw new CommandFailedException("Name \"" + name + "\" invalid. It contains \"/\".");
            }
            return DeviceRef.name(name);
        }
        if (inv.options().value("uuid").isPresent()) {
            return DeviceRef.uuid(inv.options().value("uuid").get());
        }
        if (inv.options().value("major").isPresent() && inv.options().value("minor").isPresent()) {
            long major = Decimal.parse(inv.options().value("major").get(), DeviceNumber.MAX_MAJOR);
            long minor = Decimal.parse(inv.options().value("minor").get(), DeviceNumber.MAX_MINOR);
            if (major < 0 || minor < 0) {
                throw new InvalidInputException("major and minor must be decimal numbers up to "
                        + DeviceNumber.MAX_MAJOR + " and " + DeviceNumber.MAX_MINOR);
            }
            return DeviceRef.number(DeviceNumber.of((int) major, (int) minor));
        }
        throw new CommandFailedException("No device specified.");
    }

    /** The single device of a command like suspend: the first argument, or the option. */
    static DeviceRef single(Invocation inv) {
        return ref(inv, inv.args().isEmpty() ? null : inv.args().getFirst());
    }

    /** Runs {@code each} per device argument (dmsetup repeats such commands), or once for the option. */
    static void each(Invocation inv, Consumer<DeviceRef> each) {
        List<String> names = inv.args();
        if (names.isEmpty()) {
            each.accept(ref(inv, null));
            return;
        }
        for (String name : names) {
            each.accept(ref(inv, name));
        }
    }
}
