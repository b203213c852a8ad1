package io.jdm.cli;

import io.jdm.api.DeviceNumber;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Output formats against dmsetup 1.02.185's output, captured in jdm's VM. */
class FormatsTest {
    /** The demo's checksums stay what they were: each sector is its label, left-aligned in 511 spaces, and a newline. */
    @Test
    void demoPatternSectorsAreTheirLabelPaddedToALine() {
        byte[] p = BlockIo.pattern("A", 1024);
        String expected = String.format("%-511s\n", "jdm demo pattern A, sector 0") + String.format("%-511s\n", "jdm demo pattern A, sector 1");
        assertEquals(expected, new String(p, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("e4e9f4f24c0de5ba0afa48a3887b8366395b11087b494f394ed63ad6fd9fa8b1",
                BlockIo.sha256(BlockIo.pattern("A", 4 * 1024 * 1024)), "the sha256 jdm demo has always printed for A");
    }

    @Test
    void reportAlignsLikeLibdm() {
        Report r = new Report(List.of(InfoField.NAME.column, InfoField.MAJOR.column, InfoField.MINOR.column,
                InfoField.ATTR.column, InfoField.UUID.column));
        r.add(List.of("lin", "254", "0", "L--w", ""));
        r.add(List.of("z", "254", "1", "L--w", "UUID-Z"));
        assertEquals("Name             Maj Min Stat UUID                            \n"
                + "lin              254   0 L--w                                 \n"
                + "z                254   1 L--w UUID-Z                          \n", r.render(true, null));
        assertEquals("lin:254:0:L--w:\nz:254:1:L--w:UUID-Z\n", r.render(false, null));
        assertEquals("Name:Maj:Min:Stat:UUID\nlin:254:0:L--w:\nz:254:1:L--w:UUID-Z\n", r.render(true, ":"));
    }

    @Test
    void reportWidensToTheLongestValue() {
        Report r = new Report(List.of(InfoField.NAME.column, InfoField.UUID.column));
        r.add(List.of("a-very-long-device-name-indeed", "some-rather-long-uuid-value-0123456789-abcdef"));
        r.add(List.of("lin", ""));
        assertEquals("Name                           UUID                                         \n"
                + "a-very-long-device-name-indeed some-rather-long-uuid-value-0123456789-abcdef\n"
                + "lin                                                                         \n", r.render(true, null));
    }

    @Test
    void targetLineKeepsTheSpaceBeforeEmptyParams() {
        assertEquals("0 64 zero ", new TableStatusCommand.Row(0, 64, "zero", "").toString());
        // a crypt key: zeros of its hex length, or the key only when asked for, whether it came back as
        // secret bytes or as text; a keyring reference is no secret
        io.jdm.api.TableLine secret = io.jdm.api.TableLine.withSecret(0, 8, "crypt", "aes <secret> 0 7:0 0",
                io.jdm.api.SecretBytes.copyOf(new byte[] {(byte) 0xbe, (byte) 0xef}));
        assertEquals("aes 0000 0 7:0 0", TableStatusCommand.shownParams(secret, false));
        assertEquals("aes beef 0 7:0 0", TableStatusCommand.shownParams(secret, true));
        io.jdm.api.TableLine text = io.jdm.api.TableLine.of(0, 8, "crypt", "aes\tbeef 0 7:0 0");
        assertEquals("aes\t0000 0 7:0 0", TableStatusCommand.shownParams(text, false));
        assertEquals("aes\tbeef 0 7:0 0", TableStatusCommand.shownParams(text, true));
        io.jdm.api.TableLine keyring = io.jdm.api.TableLine.of(0, 8, "crypt", "aes :32:logon:k 0 7:0 0");
        assertEquals("aes :32:logon:k 0 7:0 0", TableStatusCommand.shownParams(keyring, false));
    }

    @Test
    void depsLineByNumberAndByName() {
        FakeDm dm = new FakeDm().add("pool", 3, null, "0 8 zero", "");
        FakeHost host = new FakeHost(dm, true);
        List<DeviceNumber> deps = List.of(DeviceNumber.of(7, 1), DeviceNumber.of(7, 0));
        assertEquals("2 dependencies\t: (7, 1) (7, 0)", DepsCommand.line(deps, "devno", host));
        assertEquals("2 dependencies\t: (loop1) (loop0)", DepsCommand.line(deps, "devname", host));
        assertEquals("1 dependencies\t: (pool)", DepsCommand.line(List.of(DeviceNumber.of(254, 3)), "devname", host));
        assertEquals("1 dependencies\t: (dm-3)", DepsCommand.line(List.of(DeviceNumber.of(254, 3)), "blkdevname", host));
        assertEquals("0 dependencies\t:", DepsCommand.line(List.of(), "devno", host));
    }

    @Test
    void poolStatusInReadableUnits() {
        var s = io.jdm.targets.status.ThinPoolStatus.parse("0 420/4096 128/4096 - rw discard_passdown queue_if_no_space - 1024 ")
                .orElseThrow();
        assertEquals("data 128/4096 blocks (8.0 MiB of 256.0 MiB, 3.1%), metadata 420/4096 blocks (1.6 MiB of 16.0 MiB, "
                + "10.3%), mode rw, transaction 0", PoolUsage.describe(s, 128));
        assertEquals("pool status: Fail (the pool has failed)",
                PoolUsage.describe(io.jdm.targets.status.ThinPoolStatus.parse("Fail").orElseThrow(), 128));
    }

    @Test
    void sizes() {
        assertEquals("512 B", Sizes.bytes(512));
        assertEquals("64.0 KiB", Sizes.sectors(128));
        assertEquals("1.0 GiB", Sizes.bytes(1L << 30));
    }

    @Test
    void patternsDifferAndAreSectorSized() {
        byte[] a = BlockIo.pattern("A", 4096);
        byte[] b = BlockIo.pattern("B", 4096);
        assertEquals(4096, a.length);
        assertTrue(new String(a, 512, 30, java.nio.charset.StandardCharsets.US_ASCII).startsWith("jdm demo pattern A, sector 1"));
        assertTrue(!BlockIo.sha256(a).equals(BlockIo.sha256(b)));
    }

    @Test
    void namesWithControlCharactersOrBackslashesAreShownMangledOnOneLine() {
        assertEquals("plain-name_1.2:x@y+z=#", Shown.name("plain-name_1.2:x@y+z=#"));
        assertEquals("a\\x0ab", Shown.name("a\nb"));
        assertEquals("e\\x1b[31m", Shown.name("e\u001b[31m"));
        assertEquals("c1\\xc2\\x9b", Shown.name("c1\u009b"));
        assertEquals("back\\x5cslash", Shown.name("back\\slash"));
        assertEquals("sp ace \u00e9t\u00e9", Shown.name("sp ace \u00e9t\u00e9"));
    }

}
