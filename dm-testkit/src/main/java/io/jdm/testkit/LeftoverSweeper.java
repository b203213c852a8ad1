package io.jdm.testkit;

import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperException;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.api.RemoveOptions;
import io.jdm.api.RemoveOutcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Removes every device whose name starts with a prefix, users before the devices they use: each pass
 * removes the devices no other remaining one depends on. EBUSY is retried a bounded number of passes
 * (something like blkid often holds a device for a moment), then the rest get a deferred remove.
 */
final class LeftoverSweeper {
    static final int DEFAULT_IDLE_PASSES = 10;
    static final Duration DEFAULT_PAUSE = Duration.ofMillis(100);

    private final DeviceMapper dm;
    private final int idlePasses;
    private final Duration pause;

    LeftoverSweeper(DeviceMapper dm, int idlePasses, Duration pause) {
        this.dm = dm;
        this.idlePasses = idlePasses;
        this.pause = pause;
    }

    LeftoverSweeper(DeviceMapper dm) {
        this(dm, DEFAULT_IDLE_PASSES, DEFAULT_PAUSE);
    }

    /** The devices whose name starts with {@code prefix}, as the kernel lists them now. */
    static List<ListedDevice> devicesWithPrefix(DeviceMapper dm, String prefix) {
        return dm.list().stream().filter(d -> d.name().value().startsWith(prefix)).toList();
    }

    SweepReport sweep(String prefix) {
        return sweep(name -> name.startsWith(prefix));
    }

    /** Removes every device whose name {@code selected} accepts. */
    SweepReport sweep(Predicate<String> selected) {
        Map<String, ListedDevice> remaining = new LinkedHashMap<>();
        dm.list().stream().filter(d -> selected.test(d.name().value())).forEach(d -> remaining.put(d.name().value(), d));
        if (remaining.isEmpty()) {
            return SweepReport.empty();
        }
        List<String> removed = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();

        int idle = 0;
        while (!remaining.isEmpty()) {
            boolean progress = false;
            List<ListedDevice> busy = new ArrayList<>();
            for (ListedDevice leaf : leaves(remaining)) {
                String name = leaf.name().value();
                try {
                    dm.remove(DeviceRef.name(leaf.name()), RemoveOptions.defaults());
                    removed.add(name);
                    remaining.remove(name);
                    progress = true;
                } catch (NoSuchDeviceException gone) { // removed meanwhile by someone else: not ours to report
                    remaining.remove(name);
                    progress = true;
                } catch (DeviceBusyException e) {
                    busy.add(leaf);
                } catch (DeviceMapperException e) {
                    failed.put(name, e.getMessage());
                    remaining.remove(name);
                    progress = true;
                }
            }
            if (remaining.isEmpty()) {
                break;
            }
            if (!progress) { // all busy: wait a little, at most idlePasses times in all
                if (++idle > idlePasses) {
                    break;
                }
                resumeSuspended(busy);
                if (!pause()) {
                    break;
                }
            }
        }
        // last resort: whatever is still open goes when its last user closes it
        for (ListedDevice d : remaining.values()) {
            String name = d.name().value();
            try {
                RemoveOutcome outcome = dm.remove(DeviceRef.name(d.name()), RemoveOptions.defaults().withDeferred(true));
                (outcome == RemoveOutcome.DEFERRED ? deferred : removed).add(name);
            } catch (NoSuchDeviceException gone) {
                // fine
            } catch (DeviceMapperException e) {
                failed.put(name, e.getMessage());
            }
        }
        return new SweepReport(removed, deferred, failed);
    }

    /** The remaining devices that no other remaining device's table uses; all of them if that is none. */
    private List<ListedDevice> leaves(Map<String, ListedDevice> remaining) {
        Set<DeviceNumber> used = new HashSet<>();
        for (ListedDevice d : List.copyOf(remaining.values())) {
            try {
                used.addAll(dm.deps(DeviceRef.name(d.name())).devices());
            } catch (NoSuchDeviceException gone) {
                remaining.remove(d.name().value());
            } catch (DeviceMapperException e) {
                // unknown deps: try it anyway, a wrong order only costs an EBUSY pass
            }
        }
        List<ListedDevice> leaves = remaining.values().stream().filter(d -> !used.contains(d.number())).toList();
        return leaves.isEmpty() ? List.copyOf(remaining.values()) : leaves;
    }

    /**
     * A test that failed between suspend and resume leaves I/O queued on a suspended device, and whoever
     * issued it holds the device open; resuming lets that I/O finish and the holder close.
     */
    private void resumeSuspended(List<ListedDevice> busy) {
        for (ListedDevice d : busy) {
            try {
                DeviceRef ref = DeviceRef.name(d.name());
                if (dm.info(ref).suspended()) {
                    dm.resume(ref);
                }
            } catch (DeviceMapperException e) {
                // best effort; the deferred remove still follows
            }
        }
    }

    /** Sleeps between passes; false when interrupted (then we stop waiting and keep the flag). */
    private boolean pause() {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
