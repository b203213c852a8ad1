package io.jdm.cli;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceNumber;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole command lines against a fake device-mapper; expected texts are dmsetup's, captured in the VM. */
class CliTest {
    private static final DeviceNumber LOOP0 = DeviceNumber.of(7, 0);
    private static final DeviceNumber LOOP1 = DeviceNumber.of(7, 1);
    private static final DeviceNumber LOOP2 = DeviceNumber.of(7, 2);
    private static final DeviceNumber LOOP3 = DeviceNumber.of(7, 3);

    record Run(int status, String out, String err) {
    }

    private static Run run(FakeDm dm, boolean utf8, String... args) {
        return run(() -> dm.mapper(), new FakeHost(dm, utf8), args);
    }

    private static Run run(Supplier<DeviceMapper> opener, HostView host, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]), host, opener).run(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The devices of the first VM capture: lin, notab (no table), ro, stk, z. */
    private static FakeDm simple() {
        return new FakeDm()
                .add("lin", 0, null, "0 2048 linear 7:0 0", "", LOOP0)
                .add("z", 1, "UUID-Z", "0 1024 zero", "")
                .add("stk", 2, null, "0 100 linear 7:0 2048\n100 200 linear 7:1 0", "\n", LOOP1, LOOP0)
                .add("notab", 3, null, "", "");
    }

    /** The second capture: a thin pool with two thin volumes and a linear device on one of them. */
    private static FakeDm thin() {
        return new FakeDm()
                .add("a-very-long-device-name-indeed", 1, "some-rather-long-uuid-value-0123456789-abcdef", "0 1024 zero", "")
                .add("lin", 0, null, "0 2048 linear 7:0 0", "", LOOP0)
                .add("pool", 3, null, "0 32768 thin-pool 7:2 7:3 128 0 0 ",
                        "0 420/4096 0/256 - rw discard_passdown queue_if_no_space - 1024 ", LOOP3, LOOP2)
                .add("stk", 2, null, "0 100 linear 7:0 2048\n100 200 linear 7:1 0", "\n", LOOP1, LOOP0)
                .add("thin", 4, null, "0 8192 thin 254:3 0", "0 -", DeviceNumber.of(254, 3))
                .add("thin1", 5, null, "0 8192 thin 254:3 1", "0 -", DeviceNumber.of(254, 3))
                .add("top", 6, null, "0 8192 linear 254:4 0", "", DeviceNumber.of(254, 4));
    }

    @Test
    void ls() {
        assertEquals(new Run(0, "lin\t(254:0)\nnotab\t(254:3)\nstk\t(254:2)\nz\t(254:1)\n", ""), run(simple(), true, "ls"));
        assertEquals("lin\t(dm-0)\nnotab\t(254:3)\nstk\t(dm-2)\nz\t(dm-1)\n", run(simple(), true, "ls", "-o", "blkdevname").out());
        assertEquals("lin\t(254, 0)\nstk\t(254, 2)\n", run(simple(), true, "ls", "--target", "linear").out());
        assertEquals("No devices found\n", run(new FakeDm(), true, "ls").out());
    }

    @Test
    void lsTreeUtf() {
        assertEquals("""
                a-very-long-device-name-indeed (254:1)
                lin (254:0)
                 └─ (7:0)
                stk (254:2)
                 ├─ (7:1)
                 └─ (7:0)
                thin1 (254:5)
                 └─pool (254:3)
                    ├─ (7:3)
                    └─ (7:2)
                top (254:6)
                 └─thin (254:4)
                    └─pool (254:3)
                       ├─ (7:3)
                       └─ (7:2)
                """, run(thin(), true, "ls", "--tree").out());
    }

    @Test
    void lsTreeInverted() {
        assertEquals("""
                a-very-long-device-name-indeed (254:1)
                 (7:0)
                 ├─lin (254:0)
                 └─stk (254:2)
                 (7:3)
                 └─pool (254:3)
                    ├─thin (254:4)
                    │  └─top (254:6)
                    └─thin1 (254:5)
                 (7:2)
                 └─pool (254:3)
                    ├─thin (254:4)
                    │  └─top (254:6)
                    └─thin1 (254:5)
                 (7:1)
                 └─stk (254:2)
                """, run(thin(), true, "ls", "--tree", "-o", "inverted").out());
    }

    @Test
    void lsTreeCompactAsciiAndAttributesTruncatedAt80() {
        assertEquals("""
                a-very-long-device-name-indeed (254:1)
                lin (254:0)─── (7:0)
                stk (254:2)─┬─ (7:1)
                            └─ (7:0)
                thin1 (254:5)───pool (254:3)─┬─ (7:3)
                                                └─ (7:2)
                top (254:6)───thin (254:4)───pool (254:3)─┬─ (7:3)
                                                                └─ (7:2)
                """, run(thin(), true, "ls", "--tree", "-o", "compact").out());
        assertEquals("""
                lin (254:0)
                 `- (7:0)
                notab (254:3)
                stk (254:2)
                 |- (7:1)
                 `- (7:0)
                z (254:1)
                """, run(simple(), false, "ls", "--tree").out());
        assertEquals(run(simple(), false, "ls", "--tree").out(), run(simple(), true, "ls", "--tree", "-o", "ascii,ascii").out(),
                "a repeated tree option is harmless");
        String attrs = run(thin(), true, "ls", "--tree", "-o", "active,open,rw,uuid").out();
        assertTrue(attrs.startsWith("a-very-long-device-name-indeed (254:1) [ACTIVE, RW, 0, some-rather-long-uuid-va...\n"
                + "lin (254:0) [ACTIVE, RW, 0, ]\n └─ (7:0)\n"), attrs);
        assertEquals("""
                a-very-long-device-name-indeed <dm-1> (254:1)
                lin <dm-0> (254:0)
                 └─ <loop0> (7:0)
                """, run(thin(), true, "ls", "--tree", "-o", "device,blkdevname").out().lines().limit(3)
                .map(l -> l + "\n").reduce("", String::concat));
    }

    @Test
    void infoLongFormAndNoTableDevice() {
        Run r = run(simple(), true, "info", "z", "notab");
        assertEquals(0, r.status());
        assertEquals("""
                Name:              z
                State:             ACTIVE
                Read Ahead:        256
                Tables present:    LIVE
                Open count:        0
                Event number:      0
                Major, minor:      254, 1
                Number of targets: 1
                UUID: UUID-Z

                Name:              notab
                State:             ACTIVE
                Tables present:    None
                Open count:        0
                Event number:      0
                Major, minor:      254, 3
                Number of targets: 0

                """, r.out());
        assertEquals("/dev/mapper/notab: open failed: No such file or directory\n", r.err());
    }

    @Test
    void infoColumns() {
        assertEquals("""
                Name             Maj Min Stat Open Targ Event  UUID                            \s
                lin              254   0 L--w    0    1      0                                 \s
                notab            254   3 ---w    0    0      0                                 \s
                stk              254   2 L--w    0    2      0                                 \s
                z                254   1 L--w    0    1      0 UUID-Z                          \s
                """.replace("\s\n", "\n"), run(simple(), true, "info", "-c").out());
        assertEquals("lin:254:0:L--w:0:1:0:\nnotab:254:3:---w:0:0:0:\nstk:254:2:L--w:0:2:0:\nz:254:1:L--w:0:1:0:UUID-Z\n",
                run(simple(), true, "info", "-c", "--noheadings").out());
        assertEquals("Name  DevNo Open Targ\nz     254:1    0    1\n".replace("Name  ", "Name             ")
                        .replace("z     ", "z                "),
                run(simple(), true, "info", "-C", "-o", "name,devno,open,segments", "z").out());
    }

    @Test
    void tableAndStatus() {
        assertEquals("lin: 0 2048 linear 7:0 0\nnotab: \nstk: 0 100 linear 7:0 2048\nstk: 100 200 linear 7:1 0\n"
                + "z: 0 1024 zero \n", run(simple(), true, "table").out());
        assertEquals("0 2048 linear 7:0 0\n", run(simple(), true, "table", "lin").out());
        assertEquals("\n", run(simple(), true, "table", "notab").out());
        assertEquals("z: 0 1024 zero \n", run(simple(), true, "table", "--target", "zero").out());
        assertEquals("0 100 linear \n100 200 linear \n", run(simple(), true, "status", "stk").out());
        assertEquals("0 32768 thin-pool 0 420/4096 0/256 - rw discard_passdown queue_if_no_space - 1024 \n",
                run(thin(), true, "status", "pool").out());
    }

    @Test
    void deps() {
        assertEquals("lin: 1 dependencies\t: (7, 0)\nnotab: 0 dependencies\t:\nstk: 2 dependencies\t: (7, 1) (7, 0)\n"
                + "z: 0 dependencies\t:\n", run(simple(), true, "deps").out());
        assertEquals("1 dependencies\t: (thin)\n", run(thin(), true, "deps", "-o", "devname", "top").out());
    }

    @Test
    void jsonOutputs() {
        assertEquals("[{\"name\":\"z\",\"targets\":[{\"start\":0,\"length\":1024,\"type\":\"zero\",\"params\":\"\"}]}]\n",
                run(simple(), true, "table", "--json", "z").out());
        assertTrue(run(simple(), true, "ls", "--json").out().startsWith(
                "[{\"name\":\"lin\",\"major\":254,\"minor\":0,\"uuid\":null,\"event_nr\":0},"));
        assertTrue(run(simple(), true, "info", "--json", "z").out().contains("\"uuid\":\"UUID-Z\""));
    }

    @Test
    void missingDeviceSaysSoLikeDmsetup() {
        assertEquals(new Run(1, "", "Device does not exist.\nCommand failed.\n"), run(simple(), true, "info", "nosuch"));
        assertEquals(new Run(1, "", "device-mapper: table ioctl on nosuch  failed: No such device or address\nCommand failed.\n"),
                run(simple(), true, "table", "nosuch"));
    }

    /** Usage errors never open device-mapper. */
    @Test
    void usageErrorsDoNotTouchTheKernel() {
        Supplier<DeviceMapper> never = () -> {
            throw new AssertionError("device-mapper opened for a usage error");
        };
        FakeHost host = new FakeHost(new FakeDm(), true);
        Run unknown = run(never, host, "frob");
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().startsWith("Unknown command.\nUsage:\n\njdm\n"), unknown.err());
        Run count = run(never, host, "setgeometry", "lin", "100", "64");
        assertEquals(1, count.status());
        assertTrue(count.err().startsWith("Incorrect number of arguments.\nUsage:"), count.err());
        Run option = run(never, host, "info", "--bogus");
        assertTrue(option.err().startsWith("jdm: unrecognized option '--bogus'\nCouldn't process command line.\nUsage:"));
        assertEquals(new Run(1, "", "--table and --notable are incompatible.\nCouldn't process command line.\n"),
                run(never, host, "create", "x", "--table", "0 8 zero", "--notable"));
        assertEquals(new Run(1, "", "Please provide a name for the new device.\nCommand failed.\n"), run(never, host, "create"));
        assertEquals(new Run(1, "", "No device specified.\nCommand failed.\n"), run(never, host, "remove"));
        assertEquals(new Run(1, "", "Name \"x/y\" invalid. It contains \"/\".\nCommand failed.\n"),
                run(never, host, "create", "x/y", "--table", "0 8 zero"));
        assertEquals(new Run(1, "", "Invalid format on line 1 of table .\nCommand failed.\n"),
                run(never, host, "create", "bad3", "--table", "garbage"));
        assertEquals(1, run(never, host).status());
    }

    @Test
    void lsPrintsEachDeviceOnItsOwnLineWhateverItsName() {
        FakeDm dm = new FakeDm().add("evil\nname", 3, null, "0 8 zero", "").add("esc\u001b]0;x\u0007", 4, null, "0 8 zero", "");
        Run r = run(dm, false, "ls");
        assertEquals(java.util.List.of("esc\\x1b]0;x\\x07\t(254:4)", "evil\\x0aname\t(254:3)"), r.out().lines().toList());
    }
}
