package io.jdm.thin.monitor;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.QueryOptions;
import io.jdm.api.SuspendOptions;
import io.jdm.api.Table;

/**
 * Replaces a live table the way a resize must: load the new table as the inactive one, then resume
 * (which suspends, swaps and resumes). Refused, with nothing changed, when someone else holds the
 * device suspended (our resume would undo their suspend) or has an inactive table loaded (our load
 * would replace theirs), unless that inactive table is one a resize left behind ({@link LeftoverTable}):
 * then it is cleared and the swap goes on. A failed resume clears the inactive table and resumes the device if the kernel
 * left it suspended, so writers are not left hanging.
 */
final class TableSwap {
    private TableSwap() {
    }

    static void replace(DeviceMapper dm, DeviceRef device, Table table, SuspendOptions suspend, LeftoverTable leftover) {
        DeviceInfo info = dm.info(device);
        if (info.suspended()) {
            throw new DeviceBusyException(device + " is suspended by someone else; not resuming it");
        }
        if (info.hasInactiveTable()) {
            Table live = dm.table(device).table();
            Table inactive = dm.table(device, QueryOptions.defaults().withInactiveTable(true)).table();
            if (!leftover.leftBehind(live, inactive, System.nanoTime())) {
                throw new DeviceBusyException(device + " has an inactive table someone else loaded (" + inactive
                        + "); not replacing it (a resize of the live table left unchanged for " + leftover.age()
                        + " is cleared as a leftover)");
            }
            dm.clear(device);
            leftover.cleared(inactive);
        }
        dm.load(device, table);
        try {
            dm.resume(device, suspend);
        } catch (RuntimeException e) {
            try {
                DeviceInfo after = dm.info(device);
                if (after.hasInactiveTable()) {
                    dm.clear(device);
                }
                if (after.suspended()) {
                    dm.resume(device, suspend);
                }
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /** Someone else is in the middle of changing the device's table. */
    static final class DeviceBusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeviceBusyException(String message) {
            super(message);
        }
    }
}
