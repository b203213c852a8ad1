package io.jdm.testkit.fake;

import io.jdm.api.DeviceNumber;

import java.util.HashMap;
import java.util.Map;

/**
 * One device-mapper device of the fake: the kernel's hash cell (name, uuid, inactive table) and its
 * {@code mapped_device} (number, live table, suspend state, open count, event counter). Fields are
 * only touched under the fake kernel's lock.
 */
final class Mapped implements BlockDevice {
    String name;
    String uuid;
    final DeviceNumber number;
    DmTable live;
    DmTable inactive;
    boolean suspended;
    /** Nesting depth of the kernel's internal suspends (a thin device while its pool is suspended). */
    int internalSuspends;
    /** Opens by the test ({@link FakeKernel#holdOpen}) and by writes in flight. */
    int holds;
    /** The devices whose live or inactive tables hold this one open: each counts once, however many tables. */
    final Map<Mapped, Integer> openedByTables = new HashMap<>();
    long eventNr;
    boolean deferredRemove;
    /** The gendisk exists: it is added at the first successful table load, not at create. */
    boolean diskAdded;
    /** The disk's read-only flag, set from the table mode at each table swap. */
    boolean readOnly;
    /** The immutable target type of the table last made live (thin-pool), which later loads must keep. */
    String immutableType;
    boolean removed;

    Mapped(String name, String uuid, DeviceNumber number) {
        this.name = name;
        this.uuid = uuid;
        this.number = number;
    }

    @Override
    public DeviceNumber number() {
        return number;
    }

    @Override
    public long sectors() {
        return live == null ? 0 : live.sectors();
    }

    int openCount() {
        return holds + openedByTables.size();
    }

    boolean blocksIo() {
        return suspended || internalSuspends > 0;
    }

    @Override
    public String toString() {
        return name + " (" + number + ")";
    }
}
