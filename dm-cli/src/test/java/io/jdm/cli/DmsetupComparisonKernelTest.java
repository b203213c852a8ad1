package io.jdm.cli;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.Table;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jdm and the real dmsetup on the same devices: stdout, stderr and exit status must be equal. The
 * devices are the scratch ones of each test (the VM has no others); dmsetup runs without udev, so
 * that libdm makes /dev/mapper nodes itself, as jdm does.
 */
@KernelTest
class DmsetupComparisonKernelTest {
    private static final long MIB = 1024 * 1024;
    private DeviceMapper dm;
    private DmScratch s;
    private Twin twin;
    private LoopDevice a;
    private LoopDevice b;

    @BeforeEach
    void devices(DeviceMapper dm, DmScratch s) {
        this.dm = dm;
        this.s = s;
        this.twin = new Twin(dm);
        a = s.loop(4 * MIB);
        b = s.loop(4 * MIB);
        dm.createWithTable(s.name("lin"), Table.parse("0 2048 linear " + a.number() + " 0"));
        dm.createWithTable(s.name("z"), io.jdm.api.CreateOptions.defaults().withUuid(s.prefix() + "UUID-Z"),
                Table.parse("0 1024 zero"), io.jdm.api.LoadOptions.defaults());
        dm.createWithTable(s.name("stk"), Table.parse("0 100 linear " + a.number() + " 2048\n100 200 linear " + b.number() + " 0"));
        dm.create(s.name("notab"));
    }

    private String n(String suffix) {
        return s.prefix() + suffix;
    }

    /** A thin pool with two thin volumes and a linear device stacked on one of them. */
    private void thinPool() {
        LoopDevice meta = s.loop(8 * MIB);
        LoopDevice data = s.loop(16 * MIB);
        var pool = dm.createWithTable(s.name("pool"), Table.parse("0 32768 thin-pool " + meta.number() + " " + data.number() + " 128 0"));
        dm.message(pool.ref(), 0, "create_thin 0");
        dm.message(pool.ref(), 0, "create_thin 1");
        var thin = dm.createWithTable(s.name("thin"), Table.parse("0 8192 thin " + pool.number() + " 0"));
        dm.createWithTable(s.name("thin1"), Table.parse("0 8192 thin " + pool.number() + " 1"));
        dm.createWithTable(s.name("top"), Table.parse("0 8192 linear " + thin.number() + " 0"));
    }

    @Test
    void targetsAndTargetVersion() {
        twin.same("targets");
        twin.same("target-version", "linear", "zero");
        twin.same("target-version", "nosuchtarget");
    }

    /** Only the driver line: dmsetup names libdevmapper's version on the first, jdm its own. */
    @Test
    void versionDriverLine() {
        String expected = twin.dmsetup("version").out().lines().filter(l -> l.startsWith("Driver version:")).findFirst().orElseThrow();
        Twin.Result jdm = twin.jdm("version");
        assertEquals(0, jdm.status());
        assertEquals(expected, jdm.out().lines().toList().get(1));
    }

    @Test
    void ls() {
        twin.same("ls");
        twin.same("ls", "-o", "blkdevname");
        twin.same("ls", "--target", "linear");
        twin.same("ls", "--tree");
        twin.same("ls", "--tree", "-o", "ascii,blkdevname");
        twin.same("ls", "--tree", "-o", "active,open,rw,uuid");
    }

    @Test
    void info() {
        twin.same("info");
        twin.same("info", n("lin"), n("notab"));
        twin.same("info", "-c");
        twin.same("info", "-c", "--noheadings");
        twin.same("info", "-C", "-o", "name,devno,open,segments,blkdevname", n("z"));
        twin.same("info", "-c", "--separator", ":", "-o", "name,major,attr");
        twin.same("info", "-u", s.prefix() + "UUID-Z");
    }

    @Test
    void tableStatusDeps() {
        twin.same("table");
        twin.same("table", n("stk"));
        twin.same("table", n("notab"));
        twin.same("table", "--target", "zero");
        twin.same("status");
        twin.same("status", n("stk"), n("lin"));
        twin.same("deps");
        twin.same("deps", "-o", "devname", n("stk"));
        twin.same("deps", "-o", "blkdevname");
        twin.same("deps", "-o", "devno", n("lin"));
        twin.same("table", "-v", n("lin"));
        twin.same("status", "-v", n("stk"), n("notab"));
        twin.same("table", "--showkeys", n("z"));
    }

    /** A crypt key is read back as secret bytes; printed as dmsetup prints it: zeros, or hex with --showkeys. */
    @Test
    void cryptKeysHiddenUnlessAskedFor() {
        String key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        dm.createWithTable(s.name("crypt"), io.jdm.api.CreateOptions.defaults(),
                Table.parse("0 2048 crypt aes-xts-plain64 " + key + " 0 " + a.number() + " 0"), io.jdm.api.LoadOptions.defaults());
        twin.same("table", n("crypt"));
        twin.same("table", "--showkeys", n("crypt"));
        twin.same("table", "--concise", n("crypt"));
        twin.same("table", "--concise", "--showkeys", n("crypt"));
        twin.same("table", "--target", "crypt");
        assertTrue(twin.jdm("table", n("crypt")).out().contains("0".repeat(key.length())));
        assertTrue(twin.jdm("table", "--showkeys", n("crypt")).out().contains(key));
    }

    @Test
    void lsMoreForms() {
        twin.same("ls", "-o", "devname");
        twin.same("ls", "--tree", "-o", "nodevice");
        twin.same("ls", "--tree", "-o", "notrunc,uuid");
        twin.same("ls", "--target", "zero");
        twin.same("ls", "--target", "nosuchtype");
    }

    /** Messages to device-mapper core answer with text, which both print. */
    @Test
    void statsMessagesWithReplies() {
        twin.same("message", n("lin"), "0", "@stats_list");
        assertEquals(twin.dmsetup("message", n("lin"), "0", "@stats_create", "-", "/1"),
                twin.jdm("message", n("stk"), "0", "@stats_create", "-", "/1"));
        twin.same("message", n("lin"), "0", "@stats_list");
        twin.same("message", n("stk"), "0", "@stats_list");
        assertEquals(twin.dmsetup("message", n("lin"), "0", "@stats_delete", "0"),
                twin.jdm("message", n("stk"), "0", "@stats_delete", "0"));
        twin.same("message", n("stk"), "0", "@stats_list");
    }

    @Test
    void readOnlyAndUuidCreate() {
        assertEquals(twin.dmsetup("create", n("dro"), "-r", "-u", n("DU"), "--table", "0 64 zero"),
                twin.jdm("create", n("jro"), "--readonly", "--uuid", n("JU"), "--table", "0 64 zero"));
        twin.same("info", n("dro"));
        twin.same("info", n("jro"));
        twin.same("info", "-c", "-o", "name,attr,uuid");
    }

    /** A missing device among several, -j/-m selection, and the commands that change nothing. */
    @Test
    void severalDevicesAndSelection() {
        var lin = dm.info(io.jdm.api.DeviceRef.name(s.name("lin"))).number();
        twin.same("info", n("nosuch"), n("lin"));
        twin.same("table", n("lin"), n("nosuch"), n("z"));
        twin.same("status", n("nosuch"), n("lin"));
        twin.same("deps", n("lin"), n("nosuch"));
        twin.same("info", "-c", "-o", "name", n("nosuch"), n("lin"));
        twin.same("info", "-j", Integer.toString(lin.major()), "-m", Integer.toString(lin.minor()));
        twin.same("table", "-j", Integer.toString(lin.major()), "-m", Integer.toString(lin.minor()));
        twin.same("info", "--noheadings", n("lin"));
        twin.same("status", "--inactive", n("lin"));
        twin.same("wait", "-v", n("lin"), "99");
        twin.same("resume", n("lin"));
        twin.same("clear", n("lin"));
        twin.same("rename", n("lin"), n("lin"));
        twin.same("mknodes", n("nosuch"));
        twin.same("table", "--concise");
        twin.same("table", "--concise", n("z"), n("stk"));
        assertEquals(twin.dmsetup("suspend", n("lin"), n("nosuch"), n("z")), twin.jdm("suspend", n("stk"), n("nosuch"), n("notab")));
        twin.same("info", "-c", "-o", "name,attr");
    }

    @Test
    void createFromAFileAndDeferredRemove() throws java.io.IOException {
        java.nio.file.Path file = s.tempDir().resolve("t.table");
        java.nio.file.Files.writeString(file, "# comment\n0 32 zero\n32 32 error # tail\n");
        assertEquals(twin.dmsetup("create", n("fd"), file.toString()), twin.jdm("create", n("fj"), file.toString()));
        assertEquals(twin.dmsetup("table", n("fd")), twin.jdm("table", n("fj")));
        var held = dm.createWithTable(s.name("held"), Table.parse("0 8 zero"));
        dm.createWithTable(s.name("user"), Table.parse("0 8 linear " + held.number() + " 0"));
        assertEquals(new Twin.Result(0, "", ""), twin.jdm("remove", "--deferred", n("held")));
        twin.same("info", n("held"));
        twin.same("ls", "--tree");
    }

    /** remove_all takes every device of the machine: only in jdm's throwaway VM. */
    @Test
    void removeAll() {
        org.junit.jupiter.api.Assumptions.assumeTrue("1".equals(System.getenv("JDM_THROWAWAY_VM")),
                "remove_all would remove this host's own devices");
        var open = dm.createWithTable(s.name("held"), Table.parse("0 8 zero"));
        dm.createWithTable(s.name("top"), Table.parse("0 8 linear " + open.number() + " 0"));
        Twin.Result jdm = twin.jdm("remove_all");
        twin.same("ls");
        dm.createWithTable(s.name("again"), Table.parse("0 8 zero"));
        assertEquals(twin.dmsetup("remove_all"), jdm);
        twin.same("ls");
    }

    @Test
    void thinPoolTreeStatusAndMessages() {
        thinPool();
        twin.same("ls", "--tree");
        twin.same("ls", "--tree", "-o", "inverted");
        twin.same("ls", "--tree", "-o", "compact");
        twin.same("status", n("pool"));
        twin.same("status", "--target", "thin");
        twin.same("table", n("pool"));
        twin.same("deps", "-o", "devname");
        twin.same("info", "-c", "-o", "name,open,segments");
        twin.same("message", n("pool"), "0", "bogus");
        twin.same("message", n("pool"), "x", "bogus");
    }

    @Test
    void errorsForAMissingDevice() {
        String missing = n("nosuch");
        twin.same("info", missing);
        twin.same("info", "-c", missing);
        twin.same("table", missing);
        twin.same("status", missing);
        twin.same("deps", missing);
        twin.same("remove", missing);
        twin.same("suspend", missing);
        twin.same("resume", missing);
        twin.same("clear", missing);
        twin.same("message", missing, "0", "hi");
        twin.same("setgeometry", missing, "1", "1", "1", "0");
        twin.same("wait", missing, "99");
        twin.same("rename", missing, n("x"));
        twin.same("load", missing, "--table", "0 8 zero");
    }

    @Test
    void createErrors() {
        twin.same("create", n("lin"), "--table", "0 8 zero");
        // the failed device is removed again, so both tools get the same minor for it
        twin.same("create", n("bad"), "--table", "0 8 nosuchtarget");
        twin.same("create", n("bad2"), "--table", "0 8 linear");
        twin.same("create", n("bad3"), "--table", "garbage");
        twin.same("create", "x/y", "--table", "0 8 zero");
        twin.same("create");
        twin.same("remove");
        twin.same("wait");
        twin.same("create", n("bad4"), "--table", "0 8 zero", "--notable");
        assertTrue(dm.list().stream().noneMatch(d -> d.name().value().startsWith(n("bad"))));
    }

    /** A change made by one tool reads back the same through both, and the change itself prints the same. */
    @Test
    void changesMadeByEitherTool() {
        assertEquals(twin.dmsetup("create", n("d1"), "--table", "0 64 zero"),
                twin.jdmIn("0 64 zero\n", "create", n("j1")));
        twin.same("info", n("d1"));
        twin.same("info", n("j1"));
        twin.same("table", n("j1"));
        assertEquals(twin.dmsetup("suspend", n("d1")), twin.jdm("suspend", n("j1")));
        twin.same("info", "-c", "-o", "name,attr");
        assertEquals(twin.dmsetup("load", n("d1"), "--table", "0 128 error"), twin.jdm("load", n("j1"), "--table", "0 128 error"));
        twin.same("info", "-c", "-o", "name,attr,segments");
        twin.same("table", "--inactive", n("j1"));
        assertEquals(twin.dmsetup("resume", n("d1")), twin.jdm("resume", n("j1")));
        twin.same("table");
        assertEquals(twin.dmsetup("rename", n("d1"), n("d2")), twin.jdm("rename", n("j1"), n("j2")));
        assertEquals(twin.dmsetup("rename", n("notab"), "--setuuid", n("U1")), twin.jdm("rename", n("j2"), "--setuuid", n("U2")));
        twin.same("info", "-c", "-o", "name,uuid");
        assertEquals(twin.dmsetup("setgeometry", n("d2"), "100", "64", "32", "0"),
                twin.jdm("setgeometry", n("j2"), "100", "64", "32", "0"));
        assertEquals(twin.dmsetup("wait", n("d2"), "99"), twin.jdm("wait", n("j2"), "99"));
        twin.same("mknodes");
        assertEquals(twin.dmsetup("remove", n("d2")), twin.jdm("remove", n("j2")));
        assertEquals(twin.dmsetup("remove", "--force", "--retry", n("lin")), twin.jdm("remove", "--force", "--retry", n("stk")));
        twin.same("ls");
        assertTrue(dm.list().stream().noneMatch(d -> d.name().equals(DeviceName.of(n("j2")))));
    }
}
