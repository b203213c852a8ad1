package io.jdm.bench.kernel;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.NodePolicy;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Diagnostic for the VERSION figure: how much of jdm's distance from raw C is the Java-to-native
 * transition itself and how much is jdm's own code. Times DM_VERSION as a bare FFM downcall (buffer
 * prepared as raw C prepares it), the same with errno capture (as jdm binds it), and jdm's
 * {@code version()}, in rounds, so that one can watch the JIT settle.
 *
 * <pre>tools/vm/run.sh -- java --enable-native-access=ALL-UNNAMED -cp dm-bench/target/benchmarks.jar io.jdm.bench.kernel.FfmFloor [ROUNDS]</pre>
 */
public final class FfmFloor {
    private static final long DM_VERSION = 0xC138FD00L;
    private static final int HEADER = 312;

    private FfmFloor() {
    }

    public static void main(String[] args) throws Throwable {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Linker linker = Linker.nativeLinker();
        MemorySegment ioctl = linker.defaultLookup().find("ioctl").orElseThrow();
        FunctionDescriptor fd = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
        MethodHandle plain = linker.downcallHandle(ioctl, fd, Linker.Option.firstVariadicArg(2));
        MethodHandle captured = linker.downcallHandle(ioctl, fd, Linker.Option.firstVariadicArg(2),
                Linker.Option.captureCallState("errno"));
        MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
        Arena arena = Arena.global();
        int control = (int) open.invokeExact(arena.allocateFrom("/dev/mapper/control"), 2);
        if (control < 0) {
            throw new IllegalStateException("cannot open /dev/mapper/control");
        }
        MemorySegment buffer = arena.allocate(HEADER, 8);
        MemorySegment capture = arena.allocate(Linker.Option.captureStateLayout());
        try (DeviceMapper dm = DeviceMapper.open(DeviceMapperOptions.defaults().withNodePolicy(NodePolicy.NEVER))) {
            int n = 50_000;
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    prepare(buffer);
                    if ((int) plain.invokeExact(control, DM_VERSION, buffer) != 0) {
                        throw new IllegalStateException("DM_VERSION failed");
                    }
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    prepare(buffer);
                    if ((int) captured.invokeExact(capture, control, DM_VERSION, buffer) != 0) {
                        throw new IllegalStateException("DM_VERSION failed");
                    }
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    dm.version();
                }
                long t3 = System.nanoTime();
                System.out.printf("round %d: bare FFM %.0f ns, FFM + errno capture %.0f ns, jdm version() %.0f ns%n",
                        round, (t1 - t0) / (double) n, (t2 - t1) / (double) n, (t3 - t2) / (double) n);
            }
        }
    }

    /** What the raw C peer does: zero the header, version {4,0,0}, data_size = data_start = 312. */
    private static void prepare(MemorySegment buffer) {
        buffer.fill((byte) 0);
        buffer.set(JAVA_INT, 0, 4);
        buffer.set(JAVA_INT, 12, HEADER);
        buffer.set(JAVA_INT, 16, HEADER);
    }
}
