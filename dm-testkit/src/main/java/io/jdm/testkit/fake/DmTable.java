package io.jdm.testkit.fake;

import java.util.List;

/**
 * A constructed table ({@code struct dm_table}): its targets, its mode, and the devices it opened, in
 * the order the kernel's {@code DM_TABLE_DEPS} lists them (the last one opened first).
 */
final class DmTable {
    record Target(long start, long length, TargetModel model) {
    }

    final Mapped owner;
    final List<Target> targets;
    final boolean readOnly;
    final List<BlockDevice> devices;

    DmTable(Mapped owner, List<Target> targets, boolean readOnly, List<BlockDevice> devices) {
        this.owner = owner;
        this.targets = List.copyOf(targets);
        this.readOnly = readOnly;
        this.devices = List.copyOf(devices);
    }

    long sectors() {
        Target last = targets.getLast();
        return last.start() + last.length();
    }

    /** The target at {@code sector}, or null past the end ({@code dm_table_find_target}). */
    Target targetAt(long sector) {
        for (Target t : targets) {
            if (sector >= t.start() && sector - t.start() < t.length()) {
                return t;
            }
        }
        return null;
    }

    /** The type that makes the table immutable once live (thin-pool), or null. */
    String immutableType() {
        for (Target t : targets) {
            if (TargetType.of(t.model().type()).immutable()) {
                return t.model().type();
            }
        }
        return null;
    }

    boolean hasWildcard() {
        return targets.stream().anyMatch(t -> TargetType.of(t.model().type()).wildcard());
    }

    /** Whether the table maps onto another device at all (a zero or error table does not). */
    boolean hasDataDevices() {
        return targets.stream().anyMatch(t -> !t.model().areas().isEmpty());
    }

    boolean uses(BlockDevice device) {
        return devices.contains(device);
    }
}
