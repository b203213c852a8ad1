package io.jdm.cli;

import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceExistsException;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.api.TargetStatus;
import io.jdm.testkit.fake.FakeKernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The devices of a dmsetup capture, made on jdm's fake kernel (major 254, four 16 MiB disks 7:0..7:3).
 * The fake must list the dependencies and print the status texts the real kernel did in the capture.
 */
final class FakeDm {
    private static final int DISKS = 4;
    private static final long DISK_BYTES = 16 * 1024 * 1024;

    private final FakeKernel kernel = FakeKernel.create(FakeKernel.Options.defaults().withMajor(254));
    private final DeviceMapper dm = kernel.open();
    /** The status texts of the capture, checked once every device of it is there (thin devices change their pool's). */
    private final Map<DeviceRef, List<String>> capturedStatus = new LinkedHashMap<>();

    FakeDm() {
        for (int i = 0; i < DISKS; i++) {
            kernel.addDisk(DISK_BYTES);
        }
    }

    FakeDm add(String name, int minor, String uuid, String table, String status, DeviceNumber... deps) {
        CreateOptions options = CreateOptions.defaults().withMinor(minor);
        // new DeviceName: what the kernel can report, which may be what jdm refuses as input (a newline, say)
        DeviceInfo d = dm.create(new DeviceName(name), uuid == null ? options : options.withUuid(uuid));
        if (table.isEmpty()) {
            return this;
        }
        Table t = Table.parse(table);
        t.lines().stream().filter(l -> l.type().equals("thin")).forEach(this::createThinId);
        dm.load(d.ref(), t);
        dm.resume(d.ref());
        capturedStatus.put(d.ref(), List.of(status.split("\n", -1)));
        if (!dm.deps(d.ref()).devices().equals(List.of(deps))) {
            throw new AssertionError("the fake kernel lists " + dm.deps(d.ref()).devices() + " as the dependencies of " + name
                    + ", the capture has " + List.of(deps));
        }
        return this;
    }

    /** The thin id a capture's thin line maps, made in its pool if the pool does not have it yet. */
    private void createThinId(TableLine line) {
        String[] words = line.params().split(" ");
        try {
            dm.message(DeviceRef.number(DeviceNumber.parse(words[0])), 0, "create_thin " + words[1]);
        } catch (DeviceExistsException taken) {
            // an earlier thin line of the capture made it
        }
    }

    /** A handle on the fake kernel, as the CLI opens one per command; the capture is complete by now. */
    DeviceMapper mapper() {
        capturedStatus.forEach((device, captured) -> {
            List<String> printed = dm.status(device).targets().stream().map(TargetStatus::text).toList();
            if (!printed.equals(captured)) {
                throw new AssertionError("the fake kernel's status of " + device + " is " + printed + ", the capture has " + captured);
            }
        });
        return kernel.open();
    }

    /** Every device's info. */
    List<DeviceInfo> infos() {
        return dm.list().stream().map(d -> dm.info(DeviceRef.number(d.number()))).toList();
    }
}
