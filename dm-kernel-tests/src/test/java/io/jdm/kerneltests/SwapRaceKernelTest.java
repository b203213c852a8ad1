package io.jdm.kerneltests;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.QueryOptions;
import io.jdm.api.StatusReport;
import io.jdm.api.Table;
import io.jdm.api.TargetStatus;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table of a device swapped again and again (1 target, then 3, load and resume) while other threads
 * read its table and status: every reply is one whole table, never a truncated or mixed one, and never
 * an exception. The inactive-table queries meet the kernel's real race (the target count comes from one
 * look at the inactive table, the specs from a second, after which a resume may have taken it), which
 * jdm must notice and ask again about.
 *
 * <p>{@code -Djdm.swapRace.reads=10000} gives the full form of issue 11 (10,000 reads); the default is
 * sized for the throwaway VM's emulated CPU.
 */
@KernelTest
class SwapRaceKernelTest {
    private static final int READS = Integer.getInteger("jdm.swapRace.reads", 1_500);
    private static final int READERS = 3;

    private static final Table ONE = Table.of(24, "zero", "");
    private static final Table THREE = Table.builder().add(8, "zero", "").add(8, "error", "").add(8, "zero", "").build();

    @Test
    void readersNeverSeeATruncatedTableWhileItIsSwapped(DeviceMapper dm, DmScratch s) throws Exception {
        DeviceInfo info = dm.createWithTable(s.name("race"), ONE);
        long retriedBefore = io.jdm.ioctl.internal.ControlDevice.mismatchesRetried();
        DeviceRef ref = info.ref();
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger swaps = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService threads = Executors.newFixedThreadPool(READERS + 1)) {
            Future<?> swapper = threads.submit(() -> {
                while (reading.get()) {
                    dm.load(ref, swaps.get() % 2 == 0 ? THREE : ONE);
                    dm.resume(ref);
                    swaps.incrementAndGet();
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                int reader = r;
                readers.add(threads.submit(() -> {
                    while (reads.incrementAndGet() <= READS) {
                        try {
                            switch ((reads.get() + reader) % 4) {
                                case 0 -> check("table", dm.table(ref).table(), false, seen, wrong);
                                case 1 -> check("inactive table", dm.table(ref, QueryOptions.defaults().withInactiveTable(true)).table(),
                                        true, seen, wrong);
                                case 2 -> checkStatus("status", dm.status(ref), false, seen, wrong);
                                default -> checkStatus("inactive status", dm.status(ref, QueryOptions.defaults().withInactiveTable(true)),
                                        true, seen, wrong);
                            }
                        } catch (RuntimeException e) {
                            wrong.add("exception: " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : readers) {
                f.get();
            }
            reading.set(false);
            swapper.get();
        }
        assertEquals(List.of(), wrong);
        assertTrue(swaps.get() > 10, "the table was hardly swapped: " + swaps.get());
        assertTrue(seen.getOrDefault("table 1", 0) > 0 && seen.getOrDefault("table 3", 0) > 0, seen.toString());
        System.out.println("swap race: " + READS + " reads over " + swaps.get() + " swaps, none truncated; replies asked for again: "
                + (io.jdm.ioctl.internal.ControlDevice.mismatchesRetried() - retriedBefore) + "; seen " + seen);
    }

    private static void check(String what, Table table, boolean inactive, Map<String, Integer> seen, List<String> wrong) {
        seen.merge(what + " " + table.lines().size(), 1, Integer::sum);
        if (!table.equals(ONE) && !table.equals(THREE) && !(inactive && table.isEmpty())) {
            wrong.add(what + " read back as " + table.lines());
        }
    }

    private static void checkStatus(String what, StatusReport status, boolean inactive, Map<String, Integer> seen, List<String> wrong) {
        List<String> types = status.targets().stream().map(TargetStatus::type).toList();
        seen.merge(what + " " + types.size(), 1, Integer::sum);
        boolean whole = types.equals(List.of("zero")) || types.equals(List.of("zero", "error", "zero")) || (inactive && types.isEmpty());
        if (!whole) {
            wrong.add(what + " read back as " + types);
        }
    }
}
