package io.jdm.testkit;

import io.jdm.api.Command;
import io.jdm.api.Dependencies;
import io.jdm.api.DeviceFlag;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.Errno;
import io.jdm.api.KernelException;
import io.jdm.api.ListedDevice;
import io.jdm.api.RemoveOptions;
import io.jdm.api.RemoveOutcome;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Just enough of device-mapper for the sweeper: list, deps, remove (busy while another device uses
 * it, or while a test says so), info and resume. Records the order of removals.
 */
final class FakeKernel {
    static final class Dev {
        final DeviceName name;
        final DeviceNumber number;
        final Set<DeviceNumber> deps = new LinkedHashSet<>();
        int busyTimes;      // answers EBUSY this many more times
        boolean heldOpen;   // answers EBUSY until resumed (suspended with I/O queued) or forever
        boolean suspended;
        boolean deferred;

        Dev(DeviceName name, DeviceNumber number) {
            this.name = name;
            this.number = number;
        }
    }

    final Map<String, Dev> devices = new TreeMap<>();
    final List<String> removals = new ArrayList<>();
    final List<String> resumed = new ArrayList<>();
    private int nextMinor;

    Dev add(String name, Dev... uses) {
        Dev d = new Dev(DeviceName.of(name), DeviceNumber.of(253, nextMinor++));
        for (Dev u : uses) {
            d.deps.add(u.number);
        }
        devices.put(name, d);
        return d;
    }

    DeviceMapper mapper() {
        return (DeviceMapper) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DeviceMapper.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "list" -> devices.values().stream()
                            .map(d -> new ListedDevice(d.name, d.number, OptionalLong.empty(), Optional.empty())).toList();
                    case "deps" -> new Dependencies(info(find(args[0])), List.copyOf(find(args[0]).deps));
                    case "info" -> info(find(args[0]));
                    case "resume" -> {
                        Dev d = find(args[0]);
                        resumed.add(d.name.value());
                        d.suspended = false;
                        d.heldOpen = false;
                        yield info(d);
                    }
                    case "remove" -> remove(find(args[0]), (RemoveOptions) args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private RemoveOutcome remove(Dev d, RemoveOptions options) {
        boolean used = devices.values().stream().anyMatch(o -> o.deps.contains(d.number));
        boolean busy = used || d.heldOpen || d.busyTimes > 0;
        if (d.busyTimes > 0) {
            d.busyTimes--;
        }
        if (busy && options.deferred()) {
            d.deferred = true;
            return RemoveOutcome.DEFERRED;
        }
        if (busy) {
            throw KernelException.of(Command.DEV_REMOVE, DeviceRef.name(d.name), Errno.EBUSY.number(), null);
        }
        devices.remove(d.name.value());
        removals.add(d.name.value());
        return RemoveOutcome.REMOVED;
    }

    private Dev find(Object ref) {
        String name = ((DeviceRef.ByName) ref).name().value();
        Dev d = devices.get(name);
        if (d == null) {
            throw KernelException.of(Command.DEV_STATUS, (DeviceRef) ref, Errno.ENXIO.number(), null);
        }
        return d;
    }

    private static DeviceInfo info(Dev d) {
        Set<DeviceFlag> flags = EnumSet.noneOf(DeviceFlag.class);
        if (d.suspended) {
            flags.add(DeviceFlag.SUSPENDED);
        }
        return new DeviceInfo(d.name, Optional.empty(), d.number, 0, 0, 0, flags);
    }
}
