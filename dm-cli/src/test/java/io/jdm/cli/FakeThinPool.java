package io.jdm.cli;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.Table;
import io.jdm.targets.message.ThinPool;
import io.jdm.testkit.fake.FakeKernel;

/**
 * On the fake kernel: a thin pool {@code tp} of 64 data blocks (4 MiB, 64 KiB each) on disks 7:0 (metadata)
 * and 7:1 (data), and an 8 MiB thin volume {@code tp-thin}. The disks have no backing files, so
 * {@code thin monitor} only watches the pool.
 */
record FakeThinPool(FakeKernel kernel, DeviceMapper dm, DeviceRef pool, DeviceRef thin) {
    private static final long MIB = 1024 * 1024;

    static FakeThinPool create() {
        FakeKernel kernel = FakeKernel.create();
        DeviceMapper dm = kernel.open();
        DeviceNumber meta = kernel.addDisk(4 * MIB);
        DeviceNumber data = kernel.addDisk(4 * MIB);
        DeviceInfo pool = dm.createWithTable(DeviceName.of("tp"), Table.of(4 * MIB / 512, "thin-pool",
                meta + " " + data + " 128 0"));
        ThinPool.of(dm, pool.ref()).createThin(1);
        DeviceInfo thin = dm.createWithTable(DeviceName.of("tp-thin"), Table.of(8 * MIB / 512, "thin", pool.number() + " 1"));
        return new FakeThinPool(kernel, dm, pool.ref(), thin.ref());
    }
}
