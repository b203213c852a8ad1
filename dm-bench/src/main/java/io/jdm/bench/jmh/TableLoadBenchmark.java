package io.jdm.bench.jmh;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceRef;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.ioctl.IoctlDeviceMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.jdm.ioctl.internal.DmStructs.IOCTL_SIZE;

/**
 * DM_TABLE_LOAD for 1, 100 and 10,000 linear targets: the codec alone (escape and encode the params,
 * lay out the specs) and the whole {@code load()} call against a kernel that answers at once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TableLoadBenchmark {
    @Param({"1", "100", "10000"})
    public int targets;

    private Table table;
    private Arena arena;
    private MemorySegment buffer;
    private IoctlDeviceMapper dm;
    private final DeviceRef device = DeviceRef.name("bench-load");

    @Setup(Level.Trial)
    public void setUp() {
        List<TableLine> lines = new ArrayList<>(targets);
        long length = 2048;
        for (int i = 0; i < targets; i++) {
            lines.add(new TableLine(i * length, length, "linear", "253:" + (i % 64 + 1) + " " + (i * 4096L)));
        }
        table = new Table(lines);
        arena = Arena.ofShared();
        buffer = arena.allocate(IOCTL_SIZE + TableCodec.encode(table).size(), 8);
        dm = ReplayKernel.deviceMapper(new ReplayKernel(null, null));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** Encode and lay out the specs into a buffer that is already there (zeroed, as the call path does). */
    @Benchmark
    public MemorySegment encode() {
        TableCodec.Encoded encoded = TableCodec.encode(table);
        MemorySegment data = buffer.asSlice(0, IOCTL_SIZE + encoded.size());
        data.fill((byte) 0);
        TableCodec.write(data, IOCTL_SIZE, encoded);
        return data;
    }

    /** The whole call: validation, encoding, buffer, header, "ioctl", reading the reply. */
    @Benchmark
    public DeviceInfo load() {
        return dm.load(device, table);
    }
}
