package io.jdm.ioctl;

import io.jdm.api.BufferLimitException;
import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceExistsException;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.InvalidInputException;
import io.jdm.api.ListedDevice;
import io.jdm.api.LoadOptions;
import io.jdm.api.Table;
import io.jdm.api.UnsupportedByKernelException;
import io.jdm.ioctl.internal.RequestBuffers;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecWithFakeKernelTest {

    private static IoctlDeviceMapper over(FakeKernel kernel) {
        return kernel.deviceMapper();
    }

    @Test
    void emptyListIsEmpty() {
        assertEquals(List.of(), over(new FakeKernel()).list());
    }

    @Test
    void listOfLongestNamesAndUuidsAndNoUuid() {
        FakeKernel kernel = new FakeKernel();
        IoctlDeviceMapper dm = over(kernel);
        String longName = "n".repeat(127);
        String longUuid = "u".repeat(128);
        dm.create(DeviceName.of(longName), CreateOptions.defaults().withUuid(longUuid));
        dm.create(DeviceName.of("plain"));
        List<ListedDevice> list = dm.list();
        assertEquals(2, list.size());
        assertEquals(longName, list.get(0).name().value());
        assertEquals(longUuid, list.get(0).uuid().orElseThrow().value());
        assertEquals(0, list.get(0).eventNr().orElseThrow());
        assertEquals("plain", list.get(1).name().value());
        assertEquals(Optional.empty(), list.get(1).uuid());
        assertEquals(253, list.get(1).number().major());
    }

    @Provide
    Arbitrary<List<String[]>> namesAndUuids() {
        // names of every length 1..127 bytes (multi-byte UTF-8 too, so bytes != chars), uuids 0..128 bytes:
        // every record length modulo 8 and the longest of each
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abz09-_.:+é").ofMinLength(1).ofMaxLength(60),
                Arbitraries.integers().between(1, 127).map("n"::repeat));
        Arbitrary<String> uuid = Arbitraries.oneOf(
                Arbitraries.strings().withChars("ABC-0123456789").ofMinLength(0).ofMaxLength(64),
                Arbitraries.integers().between(0, 128).map("u"::repeat));
        return Arbitraries.entries(name, uuid).map(e -> new String[] {e.getKey(), e.getValue()})
                .filter(p -> isValidName(p[0]))
                .list().ofMinSize(0).ofMaxSize(40).uniqueElements(p -> p[0])
                // the kernel keeps uuids unique too
                .filter(l -> l.stream().map(p -> p[1]).filter(u -> !u.isEmpty()).distinct().count()
                        == l.stream().filter(p -> !p[1].isEmpty()).count());
    }

    private static boolean isValidName(String name) {
        try {
            DeviceName.of(name);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    @Property(tries = 200)
    void anyNamesAndUuidsComeBackFromAList(@ForAll("namesAndUuids") List<String[]> devices) {
        FakeKernel kernel = new FakeKernel();
        IoctlDeviceMapper dm = over(kernel);
        for (String[] d : devices) {
            CreateOptions options = d[1].isEmpty() ? CreateOptions.defaults() : CreateOptions.defaults().withUuid(d[1]);
            dm.create(DeviceName.of(d[0]), options);
        }
        List<ListedDevice> listed = dm.list();
        assertEquals(devices.size(), listed.size());
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        devices.forEach(d -> expected.put(d[0], d[1]));
        for (ListedDevice l : listed) {
            assertTrue(expected.containsKey(l.name().value()), l.name().value());
            assertEquals(expected.get(l.name().value()), l.uuid().map(u -> u.value()).orElse(""));
        }
    }

    @Test
    void tenThousandDevicesGrowTheBufferUntilTheyFit() {
        FakeKernel kernel = new FakeKernel();
        IoctlDeviceMapper dm = over(kernel);
        for (int i = 0; i < 10_000; i++) {
            dm.create(DeviceName.of(String.format("device-%05d", i)), CreateOptions.defaults().withUuid("uuid-" + i));
        }
        kernel.bufferFullReplies = 0;
        List<ListedDevice> list = dm.list();
        assertEquals(10_000, list.size());
        assertEquals("device-09999", list.getLast().name().value());
        assertEquals("uuid-9999", list.getLast().uuid().orElseThrow().value());
        // 16 KiB doubled until ~560 KB fit: 16 -> 32 -> ... -> 1024 KiB is 6 refusals
        assertEquals(6, kernel.bufferFullReplies);
        // the next list starts at the size that worked: one ioctl, no refusal
        int calls = kernel.calls();
        long allocations = RequestBuffers.allocations();
        assertEquals(10_000, dm.list().size());
        assertEquals(6, kernel.bufferFullReplies);
        assertEquals(calls + 1, kernel.calls());
        // ...in the pooled buffer the first list grew to: a large reply costs no allocation per call
        assertEquals(allocations, RequestBuffers.allocations());
        assertTrue(kernel.lastBuffer().byteSize() >= 1024 * 1024);
    }

    @Test
    void aReplyBeyondTheCapIsATypedError() {
        FakeKernel kernel = new FakeKernel();
        IoctlDeviceMapper dm = kernel.deviceMapper(32 * 1024);
        for (int i = 0; i < 2_000; i++) {
            dm.create(DeviceName.of("d" + i));
        }
        BufferLimitException e = assertThrows(BufferLimitException.class, dm::list);
        assertEquals(32 * 1024, e.limitBytes());
        assertTrue(e.getMessage().contains("DM_LIST_DEVICES"), e.getMessage());
    }

    @Provide
    Arbitrary<String> params() {
        // every length modulo 8, backslashes and spaces included
        return Arbitraries.strings().withChars("ab \\:0123456789").ofMinLength(0).ofMaxLength(40);
    }

    @Property(tries = 300)
    void tablesSurviveTheKernelsWalkAndComeBackEqual(@ForAll("params") String p1, @ForAll("params") String p2,
                                                      @ForAll @IntRange(min = 1, max = 1 << 20) int len1,
                                                      @ForAll @IntRange(min = 1, max = 1 << 20) int len2) {
        FakeKernel kernel = new FakeKernel();
        IoctlDeviceMapper dm = over(kernel);
        dm.create(DeviceName.of("t"));
        Table table = Table.builder().add(len1, "linear", p1).add(len2, "zero-type-15chr", p2).build();
        dm.load(DeviceRef.name("t"), table, LoadOptions.defaults());
        FakeKernel.Device stored = kernel.device("t");
        // what the kernel received: the params with each backslash doubled (its splitter unescapes them)
        assertEquals(table.lines().get(0).escapedParams(), stored.inactive.get(0).params());
        assertEquals(table.lines().get(1).escapedParams(), stored.inactive.get(1).params());
        assertEquals(len1, stored.inactive.get(1).start());
        // what comes back through the status path is what the kernel prints
        Table back = dm.table(DeviceRef.name("t"), io.jdm.api.QueryOptions.defaults().withInactiveTable(true)).table();
        assertEquals(table.lines().get(1).start(), back.lines().get(1).start());
        assertEquals(stored.inactive.get(1).params(), back.lines().get(1).params());
    }

    @Test
    void tenThousandTargetsRoundTripThroughGrowingStatusBuffers() {
        FakeKernel kernel = new FakeKernel();
        IoctlDeviceMapper dm = over(kernel);
        dm.create(DeviceName.of("big"));
        Table.Builder b = Table.builder();
        for (int i = 0; i < 10_000; i++) {
            b.add(8, "linear", "7:" + (i % 256) + " " + i * 8L);
        }
        Table table = b.build();
        dm.load(DeviceRef.name("big"), table, LoadOptions.defaults());
        dm.resume(DeviceRef.name("big"));
        assertEquals(table, dm.table(DeviceRef.name("big")).table());
        assertTrue(kernel.bufferFullReplies > 0);
    }

    @Test
    void refusalsCarryWhatWasSent() {
        FakeKernel kernel = new FakeKernel();
        IoctlDeviceMapper dm = over(kernel);
        dm.create(DeviceName.of("x"));
        assertThrows(DeviceExistsException.class, () -> dm.create(DeviceName.of("x")));
        kernel.failWith = 22;
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> dm.load(DeviceRef.name("x"), Table.of(100, "linear", "7:0 0")));
        assertEquals("0 100 linear 7:0 0", e.sent().orElseThrow());
        InvalidArgumentException secret = assertThrows(InvalidArgumentException.class,
                () -> dm.load(DeviceRef.name("x"), Table.of(100, "crypt", "aes-xts-plain64 deadbeef 0 7:0 0"),
                        LoadOptions.defaults().withSecureData(true)));
        assertTrue(!secret.getMessage().contains("deadbeef"), secret.getMessage());
    }

    @Test
    void badInputNeverReachesTheKernel() {
        FakeKernel kernel = new FakeKernel();
        IoctlDeviceMapper dm = over(kernel);
        int before = kernel.calls();
        assertThrows(InvalidInputException.class, () -> dm.load(DeviceRef.name("x"), Table.empty()));
        assertThrows(InvalidInputException.class, () -> dm.message(DeviceRef.name("x"), 0, " "));
        assertThrows(InvalidInputException.class, () -> dm.message(DeviceRef.name("x"), -1, "m"));
        assertThrows(InvalidInputException.class, () -> dm.targetVersion("sixteen-bytes-xx"));
        assertThrows(InvalidInputException.class, () -> dm.waitEvent(DeviceRef.name("x"), -1, io.jdm.api.QueryOptions.defaults()));
        assertEquals(before, kernel.calls());
    }

    @Test
    void moreTargetsThanTheKernelTakesAreRefusedBeforeSending() {
        FakeKernel kernel = new FakeKernel();
        IoctlDeviceMapper dm = over(kernel);
        dm.create(DeviceName.of("x"));
        Table.Builder b = Table.builder();
        for (int i = 0; i <= io.jdm.ioctl.internal.DmStructs.MAX_TARGETS; i++) {
            b.add(1, "zero", "");
        }
        Table tooMany = b.build();
        int before = kernel.calls();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> dm.load(DeviceRef.name("x"), tooMany));
        assertTrue(e.getMessage().contains("1048577 targets"), e.getMessage());
        assertEquals(before, kernel.calls());
    }

    @Test
    void commandsNewerThanTheKernelAreRefusedBeforeSending() {
        FakeKernel kernel = new FakeKernel();
        kernel.kernelMinor = 35;
        IoctlDeviceMapper dm = over(kernel);
        var watcher = dm.watchEvents(); // its own descriptor asks the kernel's version once
        int before = kernel.calls();
        UnsupportedByKernelException e = assertThrows(UnsupportedByKernelException.class, watcher::arm);
        watcher.close();
        assertTrue(e.getMessage().contains("DM_DEV_ARM_POLL needs device-mapper interface 4.36.0"), e.getMessage());
        assertThrows(UnsupportedByKernelException.class, () -> dm.targetVersion("linear"));
        assertEquals(before, kernel.calls());
    }

    @Test
    void closingIsFinal() throws InterruptedException {
        IoctlDeviceMapper dm = over(new FakeKernel());
        dm.close();
        dm.close();
        assertThrows(io.jdm.api.ClosedException.class, dm::list);
        assertThrows(io.jdm.api.ClosedException.class, dm::watchEvents);
    }
}
