package io.jdm.kerneltests;

import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperException;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.Geometry;
import io.jdm.api.InvalidInputException;
import io.jdm.api.KernelException;
import io.jdm.api.ListedDevice;
import io.jdm.api.LoadOptions;
import io.jdm.api.QueryOptions;
import io.jdm.api.RemoveOptions;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.ioctl.IoctlDeviceMapper;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile input against the real kernel, each case counted: what jdm can know is bad is an
 * {@link InvalidInputException} with not one ioctl sent; what only the kernel can refuse is a typed
 * {@link KernelException} that never shows a key; the kernel's state is the same after every case; and
 * the boundary values that are fine go to the kernel and come back byte for byte.
 */
@KernelTest
class BadInputCorpusKernelTest {
    private static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    /** What a case must not change: every device's listing, and the reference device's tables and state. */
    private record State(List<String> devices, DeviceInfo reference, Table live, Table inactive) {
        static State of(DeviceMapper dm, DeviceRef reference) {
            List<String> devices = new ArrayList<>();
            for (ListedDevice d : dm.list()) {
                devices.add(d.name() + " " + d.number() + " " + d.eventNr() + " " + d.uuid());
            }
            return new State(devices, dm.info(reference), dm.table(reference).table(),
                    dm.table(reference, QueryOptions.defaults().withInactiveTable(true)).table());
        }
    }

    /** The refusals jdm owes before the kernel: each one a call that must throw InvalidInputException. */
    private static Map<String, Consumer<DeviceMapper>> refusedBeforeSending(DmScratch s, DeviceRef ref) {
        Map<String, Consumer<DeviceMapper>> cases = new LinkedHashMap<>();
        String p = s.prefix();
        String[] badInName = {"\u0001", "\n", "\t", "\r", "\u001b[31m", "\u007f", "\u0085", "\ud800", "\udfff", "x\ud800y",
                "\ufffd", "\u00a0", "\u2007", "\u3000", "/", "a/b", "\0"};
        for (String bad : badInName) {
            String shown = escape(bad);
            cases.put("name holding " + shown, dm -> dm.create(DeviceName.of(p + bad)));
            if (bad.indexOf('/') < 0) { // a uuid may hold '/'
                cases.put("uuid holding " + shown, dm -> dm.create(s.name("u"), CreateOptions.defaults().withUuid(p + bad)));
            }
            cases.put("rename to a name holding " + shown, dm -> dm.rename(s.name("ref"), DeviceName.of(p + bad)));
        }
        for (String reserved : new String[] {"", "control", ".", ".."}) {
            cases.put("reserved name '" + reserved + "'", dm -> dm.create(DeviceName.of(reserved)));
        }
        cases.put("name of 128 bytes", dm -> dm.create(DeviceName.of(p + "n".repeat(128 - p.length()))));
        cases.put("name of 128 bytes in two-byte characters", dm -> dm.create(DeviceName.of("\u00e9".repeat(64))));
        cases.put("name of 129 bytes in three-byte characters", dm -> dm.create(DeviceName.of("\u20ac".repeat(43))));
        cases.put("uuid of 129 bytes", dm -> dm.create(s.name("u"), CreateOptions.defaults().withUuid(p + "u".repeat(129 - p.length()))));
        cases.put("minor of 2^20", dm -> dm.create(s.name("u"), CreateOptions.defaults().withMinor(1 << 20)));
        cases.put("device number 0:0", dm -> dm.info(DeviceRef.number(0, 0)));

        cases.put("params holding U+00A0", dm -> dm.load(ref, Table.of(8, "zero", "a\u00a0b")));
        cases.put("params holding U+00E0 (its UTF-8 holds 0xA0)", dm -> dm.load(ref, Table.of(8, "linear", "7:0 0 \u00e0")));
        cases.put("params holding NUL", dm -> dm.load(ref, Table.of(8, "zero", "a\0")));
        cases.put("a crypt key holding U+00A0", dm -> dm.load(ref, Table.of(8, "crypt", "aes-xts-plain64 00\u00a0ff 0 7:0 0")));
        cases.put("type of 16 bytes", dm -> dm.load(ref, Table.of(8, "sixteen-bytes-xx", "")));
        cases.put("type holding a space", dm -> dm.load(ref, Table.of(8, "ze ro", "")));
        cases.put("zero-length target", dm -> dm.load(ref, Table.of(0, "zero", "")));
        cases.put("negative start", dm -> dm.load(ref, Table.of(TableLine.of(-8, 8, "zero", ""))));
        cases.put("sectors past LLONG_MAX >> 9", dm -> dm.load(ref, Table.of(TableLine.MAX_SECTORS + 1, "zero", "")));
        cases.put("start plus length overflowing", dm -> dm.load(ref, Table.of(TableLine.of(0, 8, "zero", ""),
                TableLine.of(8, Long.MAX_VALUE, "zero", ""))));
        cases.put("a gap", dm -> dm.load(ref, Table.of(TableLine.of(0, 8, "zero", ""), TableLine.of(16, 8, "zero", ""))));
        cases.put("table text with 2^64 sectors", dm -> dm.load(ref, Table.parse("0 18446744073709551616 zero")));
        cases.put("table text with a line of two words", dm -> dm.load(ref, Table.parse("0 8")));
        cases.put("an empty table", dm -> dm.load(ref, Table.empty()));

        String[] badMessages = {"", " \t ", "two\nmessages", "cr\rhere", "nul\0", "bell\u0007", "nb\u00a0sp", "\u00e0",
                "lone\ud800", "key set " + KEY.substring(0, 8) + "\n" + KEY.substring(8)};
        for (String bad : badMessages) {
            cases.put("message " + escape(bad.length() > 20 ? bad.substring(0, 20) : bad), dm -> dm.message(ref, 0, bad));
        }
        cases.put("message at a negative sector", dm -> dm.message(ref, -1, "@stats_list"));
        cases.put("event number -1", dm -> dm.waitEvent(ref, -1, QueryOptions.defaults()));
        cases.put("event number 2^32", dm -> dm.waitEvent(ref, 1L << 32, QueryOptions.defaults()));
        cases.put("target type of 16 bytes asked for", dm -> dm.targetVersion("sixteen-bytes-xx"));
        cases.put("geometry of 65536 cylinders", dm -> dm.setGeometry(ref, new Geometry(65536, 1, 1, 0)));
        cases.put("negative busy retries", dm -> dm.remove(ref, RemoveOptions.defaults().withBusyRetries(-1, Duration.ZERO)));
        return cases;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return "'" + sb + "'";
    }

    @Test
    void whatJdmCanKnowIsBadIsRefusedTypedWithNothingSent(DmScratch s) {
        CountingSyscalls counted = new CountingSyscalls();
        try (IoctlDeviceMapper dm = counted.deviceMapper()) {
            DeviceInfo info = dm.createWithTable(s.name("ref"), Table.of(8, "zero", ""));
            dm.load(info.ref(), Table.of(16, "zero", ""));
            State before = State.of(dm, info.ref());
            Map<String, Consumer<DeviceMapper>> cases = refusedBeforeSending(s, info.ref());
            List<String> failures = new ArrayList<>();
            for (Map.Entry<String, Consumer<DeviceMapper>> c : cases.entrySet()) {
                int ioctls = counted.ioctls();
                try {
                    c.getValue().accept(dm);
                    failures.add(c.getKey() + ": accepted");
                } catch (InvalidInputException expected) {
                    if (counted.ioctls() != ioctls) {
                        failures.add(c.getKey() + ": refused, but after " + (counted.ioctls() - ioctls) + " ioctls");
                    }
                } catch (RuntimeException e) {
                    failures.add(c.getKey() + ": " + e);
                }
            }
            assertEquals(List.of(), failures);
            assertEquals(before, State.of(dm, info.ref()), "a refused case changed the kernel");
            System.out.println("bad-input corpus: " + cases.size() + " cases refused before sending, 0 ioctls sent for them");
        }
    }

    @Test
    void whatOnlyTheKernelRefusesIsTypedAndNeverShowsAKey(DmScratch s) {
        LoopDevice loop = s.loop(4L << 20);
        CountingSyscalls counted = new CountingSyscalls();
        try (IoctlDeviceMapper dm = counted.deviceMapper()) {
            DeviceInfo info = dm.createWithTable(s.name("ref"), Table.of(8, "zero", ""));
            DeviceInfo crypt = dm.createWithTable(s.name("crypt"),
                    Table.of(8192, "crypt", "aes-xts-plain64 " + KEY + " 0 " + loop.number() + " 0"));
            State before = State.of(dm, info.ref());
            List<String> keysShown = new ArrayList<>();
            // the kernel accepts a key after any run of isspace: a table it then refuses (no such device) says so
            // typed, with the key withheld, and went as secure data
            String missing = " 0 /nonexistent/jdm-device 0";
            for (String params : new String[] {"aes-xts-plain64\t" + KEY + missing, "aes-xts-plain64  " + KEY + missing,
                    "aes-xts-plain64 \t " + KEY + missing}) {
                int secure = counted.secureOnes();
                KernelException e = assertInstanceOf(KernelException.class, thrown(() -> dm.load(info.ref(), Table.of(8, "crypt", params))));
                assertEquals(secure + 1, counted.secureOnes(), "not loaded as secure data: " + escape(params));
                if (e.getMessage().contains(KEY)) {
                    keysShown.add(e.getMessage());
                }
            }
            // a key set message to a crypt device that is not suspended: dm-crypt refuses it
            for (String message : new String[] {"key set " + KEY, "key\tset  " + KEY, "KEY SET " + KEY}) {
                int secure = counted.secureOnes();
                KernelException e = assertInstanceOf(KernelException.class, thrown(() -> dm.message(crypt.ref(), 0, message)));
                assertEquals("EINVAL", e.errnoName());
                assertEquals(secure + 1, counted.secureOnes(), "not sent as secure data: " + message);
                assertTrue(e.sent().orElseThrow().contains("<secret>"), e.getMessage());
                if (e.getMessage().contains(KEY)) {
                    keysShown.add(e.getMessage());
                }
            }
            assertEquals(List.of(), keysShown);
            // ... while suspended it takes the key, and the device works on
            dm.suspend(crypt.ref());
            dm.message(crypt.ref(), 0, "key set " + KEY);
            assertFalse(dm.resume(crypt.ref()).suspended());
            assertEquals(before, State.of(dm, info.ref()), "a refused case changed the kernel");
        }
    }

    private static DeviceMapperException thrown(Runnable call) {
        try {
            call.run();
        } catch (DeviceMapperException e) {
            return e;
        }
        return fail("accepted");
    }

    @Test
    void theBoundaryValuesThatAreFineComeBackByteForByte(DeviceMapper dm, DmScratch s) {
        String p = s.prefix();
        List<DeviceName> names = List.of(
                DeviceName.of(p + "n".repeat(127 - p.length())),
                DeviceName.of(p + "\u00e9".repeat((127 - p.length()) / 2) + "x".repeat((127 - p.length()) % 2)),
                DeviceName.of(p + "with space"),
                DeviceName.of(p + "\ud83d\ude00 emoji"),
                DeviceName.of(p + "back\\slash"));
        String uuid = p + "u".repeat(128 - p.length());
        for (int i = 0; i < names.size(); i++) {
            CreateOptions options = i == 0 ? CreateOptions.defaults().withUuid(uuid) : CreateOptions.defaults();
            DeviceInfo created = dm.createWithTable(names.get(i), options, Table.of(8, "zero", ""), LoadOptions.defaults());
            assertEquals(names.get(i), created.name());
            assertEquals(names.get(i), dm.info(DeviceRef.number(created.number())).name());
        }
        List<ListedDevice> listed = s.devices();
        assertEquals(names.stream().sorted().toList(), listed.stream().map(ListedDevice::name).sorted().toList());
        if (KernelHost.listsUuids(dm)) {
            assertEquals(uuid, listed.stream().filter(d -> d.uuid().isPresent()).findFirst().orElseThrow().uuid().orElseThrow().value());
        } else {
            assertTrue(listed.stream().allMatch(d -> d.uuid().isEmpty()), "interface " + dm.version() + " lists no uuids");
        }
        // the uuid comes back byte for byte from info on every kernel
        assertEquals(uuid, dm.info(DeviceRef.name(names.get(0))).uuid().orElseThrow().value());
        for (ListedDevice d : listed) {
            dm.remove(d.ref());
        }
        s.assertNothingLeft();
    }
}
