package io.jdm.ioctl.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The native buffers requests are built in: a small pool shared by every thread, so that memory is
 * bounded by the pool (not by the number of threads, which may be thousands of virtual ones) and freed
 * explicitly, never left to the GC. A call takes a buffer, uses it, and gives it back.
 *
 * <p>Most requests fit a standard 16 KiB buffer; up to {@value #STANDARD_SLOTS} of those are kept. A
 * larger request (a long listing or status, up to {@value #MAX_POOLED_BYTES} bytes) takes one of a few
 * large buffers, which is kept only while requests keep needing at least a quarter of it: the size
 * decays with the demand. A request larger still gets a buffer of its own, freed after the call. So
 * the pool holds at most 64 x 16 KiB + 2 x 1 MiB, whatever the number of threads.
 */
public final class RequestBuffers {
    /** The buffer every request starts in. */
    public static final int STANDARD_BYTES = 16 * 1024;
    /** The largest buffer kept after its call: a listing of about 10,000 devices. */
    public static final int MAX_POOLED_BYTES = 1024 * 1024;
    private static final int STANDARD_SLOTS = 64;
    private static final int LARGE_SLOTS = 2;
    /** A large buffer is kept only while a request needs at least 1/{@value} of it. */
    private static final int DECAY_FACTOR = 4;
    private static final MemorySegment ZEROS = Arena.global().allocate(STANDARD_BYTES, 8);

    private static final AtomicReferenceArray<Buffer> STANDARD = new AtomicReferenceArray<>(STANDARD_SLOTS);
    /** Buffers allocated and not yet freed, in the pool or in use: for tests of the bound. */
    private static final AtomicInteger LIVE = new AtomicInteger();
    /** Buffers ever allocated: for tests that a repeated call allocates nothing. */
    private static final AtomicLong ALLOCATED = new AtomicLong();
    private static final AtomicReferenceArray<Buffer> LARGE = new AtomicReferenceArray<>(LARGE_SLOTS);

    private RequestBuffers() {
    }

    /** A buffer and the arena that frees it. */
    public record Buffer(MemorySegment segment, Arena arena) {
        public long capacity() {
            return segment.byteSize();
        }
    }

    /** A buffer of at least {@code size} bytes whose first {@code size} bytes are zero. */
    public static Buffer take(int size) {
        Buffer buffer = size <= STANDARD_BYTES ? takeFrom(STANDARD, size, false)
                : size <= MAX_POOLED_BYTES ? takeFrom(LARGE, size, true) : null;
        if (buffer == null) {
            buffer = allocate(size <= STANDARD_BYTES ? STANDARD_BYTES
                    : size <= MAX_POOLED_BYTES ? Math.min(MAX_POOLED_BYTES, Integer.highestOneBit(size - 1) << 1) : size);
        }
        zero(buffer.segment(), size);
        return buffer;
    }

    /**
     * Gives back a buffer after a call that used {@code used} bytes of it: kept for the next call, or
     * freed when the pool is full, when it is larger than the pool keeps, or when a large buffer was
     * used for much less than its size. The caller has wiped what must not stay.
     */
    public static void give(Buffer buffer, int used) {
        long capacity = buffer.capacity();
        boolean kept = capacity == STANDARD_BYTES ? putInto(STANDARD, buffer)
                : capacity <= MAX_POOLED_BYTES && (long) used * DECAY_FACTOR >= capacity
                        && (putInto(LARGE, buffer) || replaceSmaller(LARGE, buffer));
        if (!kept) {
            free(buffer);
        }
    }

    private static void free(Buffer buffer) {
        buffer.arena().close();
        LIVE.decrementAndGet();
    }

    /** Zeroes the first {@code size} bytes, from a static zero block, without allocating. */
    public static void zero(MemorySegment segment, long size) {
        for (long at = 0; at < size; at += STANDARD_BYTES) {
            MemorySegment.copy(ZEROS, 0, segment, at, Math.min(STANDARD_BYTES, size - at));
        }
    }

    /** Read-only views of the buffers waiting in the pool now, for tests that look for left-over secrets. */
    public static List<MemorySegment> idle() {
        List<MemorySegment> out = new ArrayList<>();
        for (AtomicReferenceArray<Buffer> slots : List.of(STANDARD, LARGE)) {
            for (int i = 0; i < slots.length(); i++) {
                Buffer b = slots.get(i);
                if (b != null) {
                    out.add(b.segment().asReadOnly());
                }
            }
        }
        return out;
    }

    /** Bytes held by the pool now (for tests of the bound). */
    public static long pooledBytes() {
        long bytes = 0;
        for (MemorySegment s : idle()) {
            bytes += s.byteSize();
        }
        return bytes;
    }

    /** Buffers allocated since the JVM started, including those freed since. */
    public static long allocations() {
        return ALLOCATED.get();
    }

    /** Buffers allocated and not yet freed, whether waiting in the pool or in use by a call. */
    public static int liveBuffers() {
        return LIVE.get();
    }

    private static Buffer allocate(long bytes) {
        // a pooled buffer may next serve another thread; one larger than the pool keeps serves this call only
        Arena arena = bytes <= MAX_POOLED_BYTES ? Arena.ofShared() : Arena.ofConfined();
        Buffer buffer = new Buffer(arena.allocate(bytes, 8), arena);
        LIVE.incrementAndGet();
        ALLOCATED.incrementAndGet();
        return buffer;
    }

    /**
     * A pooled buffer of at least {@code size} bytes. Among large buffers ({@code fitting}) only one that
     * {@code size} needs a quarter of will do, and one much larger is freed on the way: what the demand
     * no longer needs goes.
     */
    private static Buffer takeFrom(AtomicReferenceArray<Buffer> slots, int size, boolean fitting) {
        int n = slots.length();
        int start = (int) (Thread.currentThread().threadId() % n);
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            Buffer b = slots.get(i);
            if (b == null || b.capacity() < size) {
                continue;
            }
            boolean oversized = fitting && (long) size * DECAY_FACTOR < b.capacity();
            if (slots.compareAndSet(i, b, null)) {
                if (!oversized) {
                    return b;
                }
                free(b);
            }
        }
        return null;
    }

    /**
     * Keeps a large buffer in place of a smaller one when every slot is taken: the steps of one growing
     * request (32 KiB, 64 KiB, ...) would otherwise fill the slots and push out the size that worked.
     */
    private static boolean replaceSmaller(AtomicReferenceArray<Buffer> slots, Buffer buffer) {
        for (int i = 0; i < slots.length(); i++) {
            Buffer held = slots.get(i);
            if (held != null && held.capacity() < buffer.capacity() && slots.compareAndSet(i, held, buffer)) {
                free(held);
                return true;
            }
        }
        return false;
    }

    private static boolean putInto(AtomicReferenceArray<Buffer> slots, Buffer buffer) {
        int n = slots.length();
        int start = (int) (Thread.currentThread().threadId() % n);
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (slots.get(i) == null && slots.compareAndSet(i, null, buffer)) {
                return true;
            }
        }
        return false;
    }
}
