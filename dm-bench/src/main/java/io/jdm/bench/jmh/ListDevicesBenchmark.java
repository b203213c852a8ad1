package io.jdm.bench.jmh;

import io.jdm.api.ListedDevice;
import io.jdm.ioctl.IoctlDeviceMapper;
import io.jdm.ioctl.internal.HeaderCodec;
import io.jdm.ioctl.internal.ListCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.jdm.ioctl.internal.DmStructs.IOCTL_SIZE;

/**
 * DM_LIST_DEVICES of 10,000 devices with uuids: decoding a reply that is already in memory, and the
 * whole {@code list()} call, which starts at a 16 KiB buffer and doubles it on every BUFFER_FULL until
 * the reply (about 1 MiB here) fits, as the real kernel makes it do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ListDevicesBenchmark {
    @Param({"10000"})
    public int devices;

    private Arena arena;
    private MemorySegment reply;
    private int dataSize;
    private IoctlDeviceMapper dm;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        reply = KernelReplies.listDevices(KernelReplies.manyDevices(devices), arena);
        dataSize = HeaderCodec.dataSize(reply);
        dm = ReplayKernel.deviceMapper(new ReplayKernel(reply, null));
        int decoded = decode().size();
        if (decoded != devices) {
            throw new IllegalStateException("decoded " + decoded + " devices of " + devices);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public List<ListedDevice> decode() {
        return ListCodec.readDevices(reply, IOCTL_SIZE, dataSize, true);
    }

    @Benchmark
    public List<ListedDevice> list() {
        return dm.list();
    }
}
