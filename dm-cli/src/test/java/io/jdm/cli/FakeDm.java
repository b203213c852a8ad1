package io.jdm.cli;

import io.jdm.api.Command;
import io.jdm.api.Dependencies;
import io.jdm.api.DeviceFlag;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.DeviceUuid;
import io.jdm.api.Errno;
import io.jdm.api.KernelException;
import io.jdm.api.ListedDevice;
import io.jdm.api.StatusReport;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.api.TableReport;
import io.jdm.api.TargetStatus;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/** A device-mapper in memory, answering the queries the output commands make; anything else fails the test. */
final class FakeDm {
    record Dev(DeviceInfo info, List<TableLine> table, List<String> status, List<DeviceNumber> deps) {
    }

    final Map<String, Dev> devices = new TreeMap<>();
    final List<String> calls = new ArrayList<>();

    FakeDm add(String name, int minor, String uuid, String table, String status, DeviceNumber... deps) {
        Table t = table.isEmpty() ? Table.empty() : Table.parse(table);
        EnumSet<DeviceFlag> flags = EnumSet.noneOf(DeviceFlag.class);
        if (!t.isEmpty()) {
            flags.add(DeviceFlag.LIVE_TABLE);
        }
        // what the kernel reports, which may be what jdm refuses as input (a name with a newline, say)
        DeviceInfo info = new DeviceInfo(new DeviceName(name), uuid == null ? Optional.empty() : Optional.of(new DeviceUuid(uuid)),
                DeviceNumber.of(254, minor), 0, 0, t.lines().size(), flags);
        List<String> st = List.of(status.split("\n", -1));
        devices.put(name, new Dev(info, t.lines(), st, List.of(deps)));
        return this;
    }

    private Dev find(DeviceRef ref, String method) {
        String name = ((DeviceRef.ByName) ref).name().value();
        Dev d = devices.get(name);
        if (d == null) {
            Command c = switch (method) {
                case "table", "status" -> Command.TABLE_STATUS;
                case "deps" -> Command.TABLE_DEPS;
                default -> Command.DEV_STATUS;
            };
            throw KernelException.of(c, ref, Errno.ENXIO.number(), null);
        }
        return d;
    }

    DeviceMapper mapper() {
        return (DeviceMapper) Proxy.newProxyInstance(DeviceMapper.class.getClassLoader(), new Class<?>[] {DeviceMapper.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return switch (method.getName()) {
                        case "list" -> devices.values().stream().map(d -> new ListedDevice(d.info().name(),
                                d.info().number(), OptionalLong.of(0), d.info().uuid())).toList();
                        case "info" -> find((DeviceRef) args[0], method.getName()).info();
                        case "deps" -> new Dependencies(find((DeviceRef) args[0], method.getName()).info(), find((DeviceRef) args[0], method.getName()).deps());
                        case "table" -> new TableReport(find((DeviceRef) args[0], method.getName()).info(), new Table(find((DeviceRef) args[0], method.getName()).table()));
                        case "status" -> {
                            Dev d = find((DeviceRef) args[0], method.getName());
                            List<TargetStatus> ts = new ArrayList<>();
                            for (int i = 0; i < d.table().size(); i++) {
                                TableLine l = d.table().get(i);
                                ts.add(new TargetStatus(l.start(), l.length(), l.type(), d.status().get(i)));
                            }
                            yield new StatusReport(d.info(), ts);
                        }
                        case "close" -> null;
                        case "toString" -> "FakeDm";
                        default -> throw new AssertionError("unexpected call " + method.getName());
                    };
                });
    }
}
