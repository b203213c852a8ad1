package io.jdm.ioctl;

import io.jdm.api.BufferLimitException;
import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapperException;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.Geometry;
import io.jdm.api.InvalidInputException;
import io.jdm.api.QueryOptions;
import io.jdm.api.Table;
import io.jdm.api.UnexpectedReplyException;
import io.jdm.ioctl.internal.CommandSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static io.jdm.ioctl.internal.DmStructs.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The kernel's replies garbled every way the reply format can be wrong: data_size, data_start,
 * target_count, the records' next, string termination and encoding, flags, positive return values.
 * Whatever the reply, every call returns a value or throws an {@link UnexpectedReplyException} (which
 * a codec raised itself: its cause, if any, is the rule a value refused), a full buffer that never ends
 * gives a {@link BufferLimitException}; nothing reads past the reply (the fake poisons the caller's
 * buffer behind what it copied, and no result may hold the poison); no call allocates a MiB or makes
 * more than a bounded number of ioctls.
 */
class GarbledReplyFuzzTest {
    private static final byte POISON = '~';
    private static final byte OTHER_POISON = '^';
    private static final long MAX_ALLOCATION = 1 << 20;
    /** 1 + doublings from 16 KiB to the 1 MiB limit, times the retries a mismatch gets. */
    private static final int MAX_IOCTLS_PER_CALL = (1 + 6) * (1 + 3) + 1;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final AtomicLong TRIED = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final AtomicLong MAX_ALLOCATED = new AtomicLong();

    /** A call of the API and the command whose replies get garbled. */
    record Op(String name, CommandSpec command, Function<IoctlDeviceMapper, Object> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One change to a reply: what, at which place (a fraction of the data), with which value. */
    record Mutation(Kind kind, double at, int value) {
    }

    enum Kind { DATA_SIZE, DATA_START, TARGET_COUNT, FIRST_NEXT, RANDOM_INT, UNTERMINATE, NON_UTF8, HEADER_STRINGS, FLAGS, RETURN }

    private static final DeviceRef T = DeviceRef.name("t");

    @Provide
    Arbitrary<Op> ops() {
        return Arbitraries.of(
                new Op("list", CommandSpec.LIST_DEVICES, IoctlDeviceMapper::list),
                new Op("info", CommandSpec.DEV_STATUS, dm -> dm.info(T)),
                new Op("status", CommandSpec.TABLE_STATUS, dm -> dm.status(T)),
                new Op("table", CommandSpec.TABLE_STATUS, dm -> dm.table(T)),
                new Op("inactive table", CommandSpec.TABLE_STATUS, dm -> dm.table(T, QueryOptions.defaults().withInactiveTable(true))),
                new Op("deps", CommandSpec.TABLE_DEPS, dm -> dm.deps(T)),
                new Op("wait", CommandSpec.DEV_WAIT, dm -> dm.waitEvent(T, 0, QueryOptions.defaults())),
                new Op("versions", CommandSpec.LIST_VERSIONS, IoctlDeviceMapper::targetVersions),
                new Op("version", CommandSpec.GET_TARGET_VERSION, dm -> dm.targetVersion("thin-pool")),
                new Op("message", CommandSpec.TARGET_MSG, dm -> dm.message(T, 0, "@stats_list")),
                new Op("create", CommandSpec.DEV_CREATE, dm -> dm.create(DeviceName.of("new"), CreateOptions.defaults().withUuid("u-new"))),
                new Op("load", CommandSpec.TABLE_LOAD, dm -> dm.load(T, Table.of(24, "zero", ""))),
                new Op("resume", CommandSpec.DEV_SUSPEND, dm -> dm.resume(T)),
                new Op("rename", CommandSpec.DEV_RENAME, dm -> dm.rename(DeviceName.of("t"), DeviceName.of("t2"))),
                new Op("geometry", CommandSpec.DEV_SET_GEOMETRY, dm -> dm.setGeometry(T, new Geometry(1, 1, 1, 0))),
                new Op("remove", CommandSpec.DEV_REMOVE, dm -> dm.remove(DeviceRef.name("other"))),
                new Op("version of the interface", CommandSpec.VERSION, IoctlDeviceMapper::version));
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> interesting = Arbitraries.oneOf(
                Arbitraries.of(0, 1, -1, 7, 8, 12, 16, 40, 41, 48, 304, 305, 311, 312, 313, 320, 16 * 1024, 16 * 1024 + 1,
                        Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7fff_fff8),
                Arbitraries.integers());
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(Kind.values()), Arbitraries.doubles().between(0, 1), interesting)
                .as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(3);
    }

    /** A kernel with devices, uuids, a three-target table with status text, an inactive table, a pending event. */
    private static FakeKernel populated() {
        FakeKernel kernel = new FakeKernel();
        IoctlDeviceMapper dm = kernel.deviceMapper();
        dm.create(DeviceName.of("t"), CreateOptions.defaults().withUuid("LVM-uuid-of-t"));
        dm.load(T, Table.builder().add(8, "linear", "7:0 0").add(8, "crypt", "aes-xts-plain64 00112233 0 7:1 0")
                .add(8, "thin", "253:0 7").build());
        dm.resume(T);
        dm.load(T, Table.of(24, "zero", ""));
        dm.create(DeviceName.of("other"));
        dm.create(DeviceName.of("d\u00e9j\u00e0"), CreateOptions.defaults().withUuid("u-3"));
        kernel.setStatus("t", 0, "");
        kernel.setStatus("t", 1, "");
        kernel.setStatus("t", 2, "128 255");
        kernel.event("t");
        kernel.messageReplies = words -> "0: 0+24 24 - -";
        return kernel;
    }

    private static void apply(Mutation m, MemorySegment param, int requestSize, Random random) {
        int dataSize = param.get(JAVA_INT, IOCTL_DATA_SIZE);
        long dataEnd = Math.min(Math.max(dataSize, IOCTL_SIZE), param.byteSize());
        long span = Math.max(0, dataEnd - IOCTL_SIZE);
        long at = IOCTL_SIZE + (long) (m.at() * span);
        switch (m.kind()) {
            case DATA_SIZE -> param.set(JAVA_INT, IOCTL_DATA_SIZE, random.nextBoolean() ? m.value() : dataSize + m.value() % 16);
            case DATA_START -> param.set(JAVA_INT, IOCTL_DATA_START, m.value());
            case TARGET_COUNT -> param.set(JAVA_INT, IOCTL_TARGET_COUNT, random.nextBoolean() ? m.value()
                    : param.get(JAVA_INT, IOCTL_TARGET_COUNT) + m.value() % 3);
            case FIRST_NEXT -> {
                // the next of the first spec (20), name record (8) or version record (0)
                long field = IOCTL_SIZE + new long[] {SPEC_NEXT, NAME_LIST_NEXT, VERSIONS_NEXT}[random.nextInt(3)];
                if (field + 4 <= param.byteSize()) {
                    param.set(JAVA_INT, field, m.value());
                }
            }
            case RANDOM_INT -> {
                long aligned = at & ~3L;
                if (span >= 4 && aligned + 4 <= dataEnd) {
                    param.set(JAVA_INT, aligned, m.value());
                }
            }
            case UNTERMINATE -> {
                for (long i = at; i < dataEnd; i++) {
                    if (param.get(JAVA_BYTE, i) == 0) {
                        param.set(JAVA_BYTE, i, (byte) ('a' + random.nextInt(26)));
                        break;
                    }
                }
            }
            case NON_UTF8 -> {
                if (span > 0) {
                    param.set(JAVA_BYTE, Math.min(at, dataEnd - 1), (byte) (0x80 | random.nextInt(0x80)));
                }
            }
            case HEADER_STRINGS -> {
                long field = random.nextBoolean() ? IOCTL_NAME : IOCTL_UUID;
                int length = random.nextBoolean() ? NAME_LEN : 1 + random.nextInt(NAME_LEN);
                for (int i = 0; i < length && field + i < IOCTL_MIN_DATA_SIZE; i++) {
                    param.set(JAVA_BYTE, field + i, (byte) (random.nextBoolean() ? 0xff : '/'));
                }
            }
            case FLAGS -> param.set(JAVA_INT, IOCTL_FLAGS, param.get(JAVA_INT, IOCTL_FLAGS) ^ (1 << Math.floorMod(m.value(), 20)));
            case RETURN -> { } // applied to the result
        }
    }

    @Property(tries = 1500)
    void everyGarbledReplyIsAValueOrAnUnexpectedReply(@ForAll("ops") Op op, @ForAll("mutations") List<Mutation> mutations,
                                                        @ForAll long seed) {
        // the same garbled reply twice, with the buffer behind it poisoned differently: a codec that read
        // past the reply would see the difference (a mutation may itself write the poison's byte)
        Object outcome = garbledCall(op, mutations, seed, POISON);
        Object again = garbledCall(op, mutations, seed, OTHER_POISON);
        assertEquals(describe(outcome), describe(again), () -> op + " read past the reply");
        TRIED.incrementAndGet();
        if (outcome instanceof Throwable) {
            REFUSED.incrementAndGet();
        }
        Statistics.label("outcome").collect(outcome instanceof Throwable t ? t.getClass().getSimpleName() : "value");
        Statistics.label("op").collect(op.name());
    }

    /**
     * A value as it reads, a refusal by its class: a refusal's message may quote header fields, which a
     * garbled data_size below the header's size leaves to the poison.
     */
    private static String describe(Object outcome) {
        return outcome instanceof Throwable t ? t.getClass().getName() : String.valueOf(outcome);
    }

    /** One call on a populated fake whose replies to {@code op}'s command get {@code mutations}; the value or the exception. */
    private static Object garbledCall(Op op, List<Mutation> mutations, long seed, byte poison) {
        FakeKernel kernel = populated();
        IoctlDeviceMapper dm = kernel.deviceMapper(1 << 20);
        kernel.poison = poison;
        Random random = new Random(seed);
        kernel.garble = (spec, param, size, r) -> {
            if (spec != op.command() || r != 0) {
                return r;
            }
            int result = r;
            for (Mutation m : mutations) {
                if (m.kind() == Kind.RETURN) {
                    result = m.value() > 0 ? m.value() : 1 + Math.floorMod(m.value(), 100);
                    if (spec == CommandSpec.TARGET_MSG && result == 2) {
                        result = 3; // 2 is the kernel's answer for a device with no table: a refusal, not a garble
                    }
                } else {
                    apply(m, param, size, random);
                }
            }
            return result;
        };
        int callsBefore = kernel.calls();
        long kernelAllocatedBefore = kernel.ownAllocatedBytes();
        Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> { // a guard against a hang, not a measure
            long before = THREADS.getCurrentThreadAllocatedBytes();
            Object result;
            try {
                result = op.call().apply(dm);
            } catch (UnexpectedReplyException e) {
                assertTrue(e.getCause() == null || e.getCause() instanceof InvalidInputException,
                        () -> "a codec let an unchecked exception through: " + e.getCause());
                result = e;
            } catch (BufferLimitException e) {
                assertTrue(mutations.stream().anyMatch(m -> m.kind() == Kind.FLAGS), "a buffer limit without BUFFER_FULL: " + e);
                result = e;
            } catch (DeviceMapperException e) {
                // the garbled flags of a reply can say anything; but never "bad input", never an errno we did not get
                throw new AssertionError("not an unexpected reply: " + e, e);
            }
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before - (kernel.ownAllocatedBytes() - kernelAllocatedBefore);
            MAX_ALLOCATED.accumulateAndGet(allocated, Math::max);
            assertTrue(allocated < MAX_ALLOCATION, op + " allocated " + allocated + " bytes");
            return result;
        });
        int ioctls = kernel.calls() - callsBefore;
        assertTrue(ioctls <= MAX_IOCTLS_PER_CALL, op + " made " + ioctls + " ioctls");
        return outcome;
    }

    /** The same ops on replies nobody garbled all return values: the fuzzer's baseline is not all refusals. */
    @Property(tries = 40)
    void ungarbledRepliesAreValues(@ForAll("ops") Op op) {
        FakeKernel kernel = populated();
        IoctlDeviceMapper dm = kernel.deviceMapper(1 << 20);
        kernel.poison = POISON;
        Object result = op.call().apply(dm);
        assertFalse(String.valueOf(result).indexOf(POISON) >= 0, String.valueOf(result));
        if (result instanceof DeviceInfo info) {
            assertTrue(info.name().exact());
        }
    }

    @AfterContainer
    static void report() {
        if (TRIED.get() == 0) {
            fail("no garbled reply was tried");
        }
        System.out.println("garbled replies tried: " + TRIED.get() + ", refused as unexpected: " + REFUSED.get()
                + ", largest allocation of a call: " + MAX_ALLOCATED.get() + " bytes");
    }
}
