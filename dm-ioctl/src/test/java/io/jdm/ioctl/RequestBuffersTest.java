package io.jdm.ioctl;

import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.Table;
import io.jdm.ioctl.internal.RequestBuffers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native memory requests use is bounded: by a pool, not by the number of threads, and a huge reply
 * does not make every later request huge too.
 */
class RequestBuffersTest {
    private static final DeviceRef DEV = DeviceRef.name("s");
    /** What the pool keeps at most: 64 standard buffers and 2 large ones. */
    private static final long POOL_BOUND = 64L * RequestBuffers.STANDARD_BYTES + 2L * RequestBuffers.MAX_POOLED_BYTES;

    private final FakeKernel kernel = new FakeKernel();
    private final IoctlDeviceMapper dm = kernel.deviceMapper();

    @org.junit.jupiter.api.BeforeEach
    void aDevice() {
        dm.createWithTable(DeviceName.of("s"), Table.of(8, "zero", ""));
    }

    @Test
    void afterOneHugeStatusLaterStatusesStartSmallAgain() {
        kernel.setStatus("s", 0, "x".repeat(8 << 20));
        assertEquals(8 << 20, dm.status(DEV).targets().getFirst().text().length());
        assertTrue(kernel.lastSize() > 8 << 20);

        kernel.setStatus("s", 0, "small");
        int[] sizes = new int[14];
        for (int i = 0; i < sizes.length; i++) {
            dm.status(DEV);
            sizes[i] = kernel.lastSize();
        }
        // each small reply halves the size the next call starts with, down to the first 16 KiB
        assertEquals(16 << 20, sizes[0]);
        assertEquals(8 << 20, sizes[1]);
        assertEquals(16 * 1024, sizes[sizes.length - 1]);
        assertTrue(RequestBuffers.pooledBytes() <= POOL_BOUND, RequestBuffers.pooledBytes() + " bytes pooled");
    }

    @Test
    void theSizeAGrowingRequestReachedIsKeptOverTheStepsOnTheWay() {
        // a request that grows 32 KiB, 64 KiB, ... 1 MiB gives back a buffer at each step; the small
        // steps must not fill the large slots and push out the one that fits
        for (int size = 32 * 1024; size <= RequestBuffers.MAX_POOLED_BYTES; size *= 2) {
            RequestBuffers.give(RequestBuffers.take(size), size);
        }
        long allocations = RequestBuffers.allocations();
        RequestBuffers.give(RequestBuffers.take(RequestBuffers.MAX_POOLED_BYTES), RequestBuffers.MAX_POOLED_BYTES);
        assertEquals(allocations, RequestBuffers.allocations());
        assertTrue(RequestBuffers.pooledBytes() <= POOL_BOUND, RequestBuffers.pooledBytes() + " bytes pooled");
    }

    @Test
    void aRequestLargerThanThePoolKeepsIsFreedAfterItsCall() {
        kernel.setStatus("s", 0, "y".repeat(3 << 20));
        int before = RequestBuffers.liveBuffers();
        dm.status(DEV);
        assertTrue(RequestBuffers.liveBuffers() <= before + 2, "a large buffer was kept: " + RequestBuffers.liveBuffers());
    }

    @Test
    void thousandsOfVirtualThreadsShareABoundedPool() throws Exception {
        List<Future<Integer>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 5_000; t++) {
                done.add(threads.submit(() -> {
                    dm.info(DEV);
                    dm.status(DEV);
                    return dm.list().size();
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(1, f.get());
            }
        }
        // a ThreadLocal buffer each would be 5,000 x 16 KiB; what stays is the pool, whatever ran
        assertTrue(RequestBuffers.liveBuffers() <= 66, RequestBuffers.liveBuffers() + " buffers live");
        assertTrue(RequestBuffers.pooledBytes() <= POOL_BOUND);
    }
}
