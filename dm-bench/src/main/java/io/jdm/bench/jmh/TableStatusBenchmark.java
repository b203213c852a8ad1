package io.jdm.bench.jmh;

import io.jdm.api.DeviceRef;
import io.jdm.api.StatusReport;
import io.jdm.api.TargetStatus;
import io.jdm.ioctl.IoctlDeviceMapper;
import io.jdm.ioctl.internal.HeaderCodec;
import io.jdm.ioctl.internal.TableCodec;
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

/** DM_TABLE_STATUS of 1,000 thin targets: decoding the reply, and the whole {@code status()} call. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TableStatusBenchmark {
    @Param({"1000"})
    public int targets;

    private Arena arena;
    private MemorySegment reply;
    private int dataSize;
    private IoctlDeviceMapper dm;
    private final DeviceRef device = DeviceRef.name("bench-status");

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        reply = KernelReplies.tableStatus(KernelReplies.manyThinStatuses(targets), arena);
        dataSize = HeaderCodec.dataSize(reply);
        dm = ReplayKernel.deviceMapper(new ReplayKernel(null, reply));
        int decoded = decode().size();
        if (decoded != targets) {
            throw new IllegalStateException("decoded " + decoded + " targets of " + targets);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public List<TargetStatus> decode() {
        return TableCodec.read(reply, IOCTL_SIZE, targets, dataSize);
    }

    @Benchmark
    public StatusReport status() {
        return dm.status(device);
    }
}
