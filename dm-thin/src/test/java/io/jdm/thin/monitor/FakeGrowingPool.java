package io.jdm.thin.monitor;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.Table;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.testkit.fake.FakeKernel;

import java.util.List;

/**
 * On the fake kernel: a thin pool (64 KiB blocks) whose data device is a dm-linear device over a 4 MiB
 * disk, two 4 MiB spare disks a {@link LinearSegmentGrower} can append, and one 8 MiB thin volume.
 */
final class FakeGrowingPool {
    static final long MIB = 1024 * 1024;
    static final long BLOCK_SECTORS = 128;

    final FakeKernel kernel = FakeKernel.create();
    final DeviceMapper dm = kernel.open();
    final DeviceInfo data;
    final DeviceInfo pool;
    final DeviceInfo thin;
    final List<LinearSegmentGrower.Spare> spares;

    FakeGrowingPool(String... features) {
        DeviceNumber meta = kernel.addDisk(4 * MIB);
        DeviceNumber first = kernel.addDisk(4 * MIB);
        spares = List.of(new LinearSegmentGrower.Spare(kernel.addDisk(4 * MIB), 0, 4 * MIB / 512),
                new LinearSegmentGrower.Spare(kernel.addDisk(4 * MIB), 0, 4 * MIB / 512));
        data = dm.createWithTable(DeviceName.of("data"), Table.of(4 * MIB / 512, "linear", first + " 0"));
        String featureWords = features.length == 0 ? "" : " " + features.length + " " + String.join(" ", features);
        pool = dm.createWithTable(DeviceName.of("pool"), Table.of(4 * MIB / 512, "thin-pool",
                meta + " " + data.number() + " " + BLOCK_SECTORS + " 0" + featureWords));
        ThinPool.of(dm, pool.ref()).createThin(1);
        thin = dm.createWithTable(DeviceName.of("thin"), Table.of(8 * MIB / 512, "thin", pool.number() + " 1"));
    }

    LinearSegmentGrower grower() {
        return LinearSegmentGrower.of(dm, data.ref(), spares);
    }

    ThinPoolStatus.Working status() {
        return (ThinPoolStatus.Working) ThinPool.of(dm, pool.ref()).status();
    }

    long poolSectors() {
        return dm.table(pool.ref()).table().sectors();
    }

    long lowWaterMark() {
        return Long.parseLong(dm.table(pool.ref()).table().lines().getFirst().params().split(" ")[3]);
    }

    /** Writes {@code bytes} to the thin volume from its start. */
    void write(long bytes) throws Exception {
        kernel.write(thin.ref(), 0, bytes);
    }
}
