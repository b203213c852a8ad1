package io.jdm.testkit.fake;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of one {@code DM_TABLE_LOAD} while its targets are constructed: the devices the table opens
 * ({@code dm_get_device}), in the order {@code DM_TABLE_DEPS} will list them.
 */
final class Construction {
    final DmCore core;
    final Mapped owner;
    final boolean readOnly;
    final long start;
    final long length;
    private final List<BlockDevice> devices;

    private Construction(DmCore core, Mapped owner, boolean readOnly, long start, long length, List<BlockDevice> devices) {
        this.core = core;
        this.owner = owner;
        this.readOnly = readOnly;
        this.start = start;
        this.length = length;
        this.devices = devices;
    }

    static Construction of(DmCore core, Mapped owner, boolean readOnly) {
        return new Construction(core, owner, readOnly, 0, 0, new ArrayList<>());
    }

    /** The same table, now at the target {@code start..start+length}. */
    Construction at(long start, long length) {
        return new Construction(core, owner, readOnly, start, length, devices);
    }

    /** Resolves a device argument and records it; the table lists the latest new one first. */
    BlockDevice device(String arg) throws Refusal {
        BlockDevice device = core.resolveDeviceArgument(arg);
        if (!devices.contains(device)) {
            devices.addFirst(device);
        }
        return device;
    }

    List<BlockDevice> devices() {
        return devices;
    }
}
