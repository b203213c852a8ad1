package io.jdm.testkit.fake;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceUuid;
import io.jdm.api.ListedDevice;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.util.List;

/** The contract against the fake kernel: a fresh one per test. */
class FakeKernelContractTest extends DeviceMapperContract {
    private static final String PREFIX = "contract-";

    @BeforeEach
    void onTheFake() {
        FakeKernel kernel = FakeKernel.create();
        DeviceMapper dm = kernel.open();
        use(new ContractPlatform() {
            @Override
            public DeviceMapper dm() {
                return dm;
            }

            @Override
            public DeviceName name(String suffix) {
                return DeviceName.of(PREFIX + suffix);
            }

            @Override
            public DeviceUuid uuid(String suffix) {
                return DeviceUuid.of(PREFIX + "uuid-" + suffix);
            }

            @Override
            public DeviceNumber disk(long bytes) {
                return kernel.addDisk(bytes);
            }

            @Override
            public AutoCloseable hold(DeviceInfo device) {
                return kernel.holdOpen(device.ref());
            }

            @Override
            public void write(DeviceInfo device, long offset, int length) throws IOException {
                kernel.write(device.ref(), offset, length);
            }

            @Override
            public void writeDisk(DeviceNumber disk, long offset, int length) throws IOException {
                kernel.writeDisk(disk, offset, length);
            }

            @Override
            public List<ListedDevice> mine() {
                return dm.list().stream().filter(d -> d.name().value().startsWith(PREFIX)).toList();
            }

            @Override
            public DeviceMapper openAnother() {
                return kernel.open();
            }

            @Override
            public boolean ownsTheKernel() {
                return true;
            }
        });
    }
}
