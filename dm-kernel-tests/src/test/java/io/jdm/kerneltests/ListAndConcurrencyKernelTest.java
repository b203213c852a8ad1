package io.jdm.kerneltests;

import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.DeviceUuid;
import io.jdm.api.ListedDevice;
import io.jdm.api.Table;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import io.jdm.testkit.RunningKernel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@KernelTest
class ListAndConcurrencyKernelTest {

    private static List<ListedDevice> mine(DeviceMapper dm, DmScratch s) {
        return dm.list().stream().filter(d -> d.name().value().startsWith(s.prefix())).toList();
    }

    @Test
    void listsZeroOneAndTwoThousandDevices(DeviceMapper dm, DmScratch s) {
        assertEquals(List.of(), mine(dm, s));

        DeviceInfo one = dm.create(s.name("one"), CreateOptions.defaults().withUuid(s.prefix() + "u-one"));
        List<ListedDevice> listed = mine(dm, s);
        assertEquals(1, listed.size());
        assertEquals(one.number(), listed.get(0).number());
        boolean uuids = KernelHost.listsUuids(dm);
        assertEquals(uuids ? Optional.of(s.prefix() + "u-one") : Optional.empty(), listed.get(0).uuid().map(DeviceUuid::value),
                "uuid listed by interface " + dm.version());
        assertEquals(one.eventNr(), listed.get(0).eventNr().orElseThrow());

        for (int i = 0; i < 1999; i++) {
            dm.create(s.name(String.format("n%04d", i)), i % 2 == 0
                    ? CreateOptions.defaults().withUuid(s.prefix() + "u" + i) : CreateOptions.defaults());
        }
        // 2,000 records (with or without uuids) need more than the first 16 KiB buffer: this is the growth path
        listed = mine(dm, s);
        assertEquals(2000, listed.size());
        // 6.1 and 6.12 list by name; 5.10 in its hash table's order, which is not by name
        List<ListedDevice> byName = listed.stream().sorted(java.util.Comparator.comparing(ListedDevice::name)).toList();
        if (RunningKernel.current().atLeast(6, 1)) {
            assertEquals(byName, listed, "name order on " + RunningKernel.current());
        } else {
            assertNotEquals(byName, listed, "hash order on " + RunningKernel.current());
            listed = byName;
        }
        assertEquals(uuids ? Optional.of(s.prefix() + "u1998") : Optional.empty(), listed.get(1998).uuid().map(DeviceUuid::value));
        assertTrue(listed.get(1999 - 1).name().value().endsWith("n1998"));
        assertEquals(uuids, listed.get(0).uuid().isPresent());
        assertTrue(listed.get(1).uuid().isEmpty());
        assertTrue(listed.stream().allMatch(d -> d.eventNr().isPresent()), "every kernel tested lists event numbers");
        for (ListedDevice d : listed) {
            dm.remove(DeviceRef.name(d.name()));
        }
        assertEquals(List.of(), mine(dm, s));
    }

    @Test
    void removeAllRemovesUnusedDevicesAndTheirNodes(DeviceMapper dm, DmScratch s) {
        KernelHost.assumeThrowawayVm();
        dm.createWithTable(s.name("ra1"), Table.of(8, "zero", ""));
        dm.create(s.name("ra2"));
        dm.removeAll(false);
        assertEquals(List.of(), mine(dm, s));
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("/dev/mapper", s.prefix() + "ra1")));
    }

    @Test
    void deferredRemoveAllLeavesOpenDevicesUntilTheirLastClose(DeviceMapper dm, DmScratch s) throws Exception {
        KernelHost.assumeThrowawayVm();
        DeviceInfo open = dm.createWithTable(s.name("held"), Table.of(8, "zero", ""));
        dm.createWithTable(s.name("idle"), Table.of(8, "zero", ""));
        try (java.nio.channels.FileChannel held = java.nio.channels.FileChannel.open(dm.devicePath(open))) {
            dm.removeAll(true);
            List<ListedDevice> left = mine(dm, s);
            assertEquals(List.of(s.name("held")), left.stream().map(ListedDevice::name).toList());
            assertTrue(dm.info(open.ref()).deferredRemove());
            assertEquals(1, held.size() / 4096); // still readable while deferred
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!mine(dm, s).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the deferred removal did not follow the last close");
            Thread.sleep(20);
        }
    }

    @Test
    void oneInstanceServesManyThreadsAtOnce(DeviceMapper dm, DmScratch s) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    int done = 0;
                    for (int i = 0; i < 25; i++) {
                        DeviceName name = s.name("t" + id + "-" + i);
                        DeviceInfo info = dm.createWithTable(name, Table.of(8 + id, "zero", ""));
                        assertEquals(name, dm.info(info.ref()).name());
                        assertEquals(8 + id, dm.table(info.ref()).table().sectors());
                        dm.remove(info.ref());
                        done++;
                    }
                    return done;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(25, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), mine(dm, s));
    }
}
