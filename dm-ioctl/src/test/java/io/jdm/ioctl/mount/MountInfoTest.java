package io.jdm.ioctl.mount;

import io.jdm.api.DeviceNumber;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountInfoTest {
    private static List<MountEntry> parse(String text) {
        return MountInfo.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theExampleOfProc5() {
        MountEntry m = parse("36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n")
                .getFirst();
        assertEquals(36, m.mountId());
        assertEquals(35, m.parentId());
        assertEquals(DeviceNumber.of(98, 0), m.device());
        assertEquals("/mnt1", m.root());
        assertEquals(Path.of("/mnt/parent"), m.mountPoint());
        assertEquals("rw,noatime", m.mountOptions());
        assertEquals(List.of("master:1"), m.optionalFields());
        assertEquals("ext3", m.fsType());
        assertEquals("/dev/root", m.source());
        assertEquals("rw,errors=continue", m.superOptions());
        assertFalse(m.readOnly());
    }

    @Test
    void noOrSeveralOptionalFields() {
        List<MountEntry> all = parse("""
                22 1 253:3 / /srv/a ro,relatime - xfs /dev/mapper/vg-a ro,attr2,inode64
                23 1 0:21 / /proc rw,nosuid shared:12 master:3 propagate_from:2 - proc proc rw
                """);
        assertEquals(2, all.size());
        assertEquals(List.of(), all.get(0).optionalFields());
        assertTrue(all.get(0).readOnly());
        assertEquals(DeviceNumber.of(253, 3), all.get(0).device());
        assertEquals(List.of("shared:12", "master:3", "propagate_from:2"), all.get(1).optionalFields());
        assertEquals("proc", all.get(1).fsType());
    }

    @Test
    void octalEscapesAreDecodedInPathsAndSources() {
        // the kernel escapes space, tab, newline and backslash; bytes beyond ASCII come through as UTF-8
        MountEntry m = parse("40 1 7:0 / /mnt/a\\040b\\011c\\012d\\134e/é rw - ext4 /dev/my\\040disk rw\n").getFirst();
        assertEquals(Path.of("/mnt/a b\tc\nd\\e/é"), m.mountPoint());
        assertEquals("/dev/my disk", m.source());
    }

    @Test
    void unescapeLeavesABackslashThatIsNotAnEscape() {
        assertEquals("a\\x", MountInfo.unescape("a\\x"));
        assertEquals("a\\04", MountInfo.unescape("a\\04"));
        assertEquals("a\\08x", MountInfo.unescape("a\\08x"));
        assertEquals(" ", MountInfo.unescape("\\040"));
        // an escaped UTF-8 sequence (as seq_escape writes bytes it is told to) decodes to the character
        assertEquals("é", MountInfo.unescape("\\303\\251"));
    }

    @Test
    void aLineThatIsNotMountinfoIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("36 35 98:0 /mnt1 /mnt/parent rw,noatime ext3 /dev/root rw\n"));
        assertTrue(e.getMessage().contains("/mnt/parent"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> parse("x 35 98:0 / /m rw - ext3 /dev/root rw\n"));
        assertThrows(IllegalArgumentException.class,
                () -> parse("36 35 98-0 / /m rw - ext3 /dev/root rw\n"));
    }

    @Test
    void thisProcessesOwnMountinfoParsesAndHasARoot() {
        List<MountEntry> all = Mounts.mounts();
        assertFalse(all.isEmpty());
        assertTrue(all.stream().anyMatch(m -> m.mountPoint().equals(Path.of("/"))), all.toString());
        assertTrue(Mounts.isMountPoint(Path.of("/")));
        assertEquals(Path.of("/"), Mounts.mountAt(Path.of("/")).orElseThrow().mountPoint());
    }
}
