package io.jdm.bench.jmh;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceRef;
import io.jdm.api.InterfaceVersion;
import io.jdm.ioctl.IoctlDeviceMapper;
import io.jdm.ioctl.internal.HeaderCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * The per-call cost of the ioctl path itself for the small commands, against a kernel that answers at
 * once. Each command is measured twice: the whole call, and only the decoding of its result from a
 * reply already in memory ({@code *Result}). The difference in bytes/op is what the path allocates
 * beyond its result objects, which should be nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CallPathBenchmark {
    private IoctlDeviceMapper dm;
    private Arena arena;
    private MemorySegment infoReply;
    private final DeviceRef device = DeviceRef.name("bench-info-device");

    @Setup(Level.Trial)
    public void setUp() {
        ReplayKernel kernel = new ReplayKernel(null, null);
        dm = ReplayKernel.deviceMapper(kernel);
        arena = Arena.ofShared();
        // the reply to DEV_STATUS as the replay kernel writes it, for the decode-only figure
        infoReply = arena.allocate(io.jdm.ioctl.internal.DmStructs.IOCTL_SIZE, 8);
        HeaderCodec.write(infoReply, io.jdm.ioctl.internal.DmStructs.IOCTL_SIZE,
                io.jdm.ioctl.internal.CommandSpec.DEV_STATUS, device, 0, 0);
        kernel.ioctl(-1, io.jdm.ioctl.internal.CommandSpec.DEV_STATUS.request(), infoReply);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public InterfaceVersion version() {
        return dm.version();
    }

    @Benchmark
    public InterfaceVersion versionResult() {
        return HeaderCodec.version(infoReply);
    }

    @Benchmark
    public DeviceInfo info() {
        return dm.info(device);
    }

    @Benchmark
    public DeviceInfo infoResult() {
        return HeaderCodec.readInfo(infoReply);
    }
}
