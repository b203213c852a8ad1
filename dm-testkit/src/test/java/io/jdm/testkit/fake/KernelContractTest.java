package io.jdm.testkit.fake;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceUuid;
import io.jdm.api.ListedDevice;
import io.jdm.api.NodePolicy;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.DmTestExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract against the real kernel (jdm's throwaway VM): scratch names, loop devices, the kernel's
 * own block nodes. jdm's {@code /dev/mapper} nodes are left out ({@link NodePolicy#NEVER}): they are
 * the binding's policy, not the kernel's rules, and the fake makes none.
 */
@Tag("kernel")
class KernelContractTest extends DeviceMapperContract {
    @RegisterExtension
    static final DmTestExtension KERNEL = DmTestExtension.withOptions(DeviceMapperOptions.defaults().withNodePolicy(NodePolicy.NEVER));
    private final List<DeviceMapper> opened = new ArrayList<>();

    @BeforeEach
    void onTheKernel(DeviceMapper dm, DmScratch scratch) {
        use(new ContractPlatform() {
            @Override
            public DeviceMapper dm() {
                return dm;
            }

            @Override
            public DeviceName name(String suffix) {
                return scratch.name(suffix);
            }

            @Override
            public DeviceUuid uuid(String suffix) {
                return DeviceUuid.of(scratch.prefix() + "uuid-" + suffix);
            }

            @Override
            public DeviceNumber disk(long bytes) {
                return scratch.loop(bytes).number();
            }

            @Override
            public AutoCloseable hold(DeviceInfo device) throws IOException {
                return FileChannel.open(node(device), StandardOpenOption.READ);
            }

            @Override
            public void write(DeviceInfo device, long offset, int length) throws IOException {
                zeros(node(device), offset, length);
            }

            @Override
            public void writeDisk(DeviceNumber disk, long offset, int length) throws IOException {
                zeros(Path.of("/dev/loop" + disk.minor()), offset, length);
            }

            @Override
            public List<ListedDevice> mine() {
                return scratch.devices();
            }

            @Override
            public DeviceMapper openAnother() {
                DeviceMapper another = DeviceMapper.open();
                opened.add(another);
                return another;
            }

            @Override
            public boolean ownsTheKernel() {
                return "1".equals(System.getenv("JDM_THROWAWAY_VM"));
            }
        });
    }

    /** The kernel's own node, which exists from the first table load (whatever udev or jdm's node policy do). */
    private static Path node(DeviceInfo device) {
        return Path.of("/dev/dm-" + device.number().minor());
    }

    private static void zeros(Path node, long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(node, StandardOpenOption.WRITE)) {
            ByteBuffer data = ByteBuffer.allocate(length);
            long at = offset;
            while (data.hasRemaining()) {
                at += channel.write(data, at);
            }
            channel.force(true);
        }
    }

    @AfterEach
    void closeOthers() {
        opened.forEach(DeviceMapper::close);
    }
}
