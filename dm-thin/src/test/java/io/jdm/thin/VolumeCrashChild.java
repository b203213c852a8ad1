package io.jdm.thin;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.SuspendOptions;
import io.jdm.testkit.CrashPoint;
import io.jdm.testkit.ForwardingDeviceMapper;

import java.nio.file.Path;

/**
 * The child JVM of {@link VolumeCrashKernelTest}: opens the volume set of pool {@code args[1]} kept in
 * {@code args[2]}, runs operation {@code args[0]} and, at step {@code args[3]}, prints
 * {@link CrashPoint#MARK} and the step and waits there for the SIGKILL.
 */
public final class VolumeCrashChild {
    static final VolumeId BASE = VolumeId.of("base");
    static final VolumeId NEW = VolumeId.of("new");

    private VolumeCrashChild() {
    }

    public static void main(String[] args) {
        String op = args[0];
        String step = args[3];
        Steps.hook = s -> {
            if (s.equals(step)) {
                at(s);
            }
        };
        DeviceMapper dm = new ForwardingDeviceMapper(DeviceMapper.open()) {
            @Override
            public DeviceInfo suspend(DeviceRef device, SuspendOptions options) {
                DeviceInfo info = super.suspend(device, options);
                Steps.reached("snapshot.suspended");
                return info;
            }
        };
        VolumeSet set = VolumeSet.open(dm, DeviceRef.name(args[1]), Path.of(args[2]));
        switch (op) {
            case "create" -> set.create(NEW, 16L << 20);
            case "snapshot" -> set.snapshot(NEW, BASE);
            case "remove" -> set.remove(NEW);
            case "remove-deferred" -> set.remove(BASE);
            default -> throw new IllegalArgumentException(op);
        }
        System.out.println("the operation ended without reaching " + step);
        System.exit(3);
    }

    private static void at(String step) {
        CrashPoint.reachedAndWait(step);
    }
}
