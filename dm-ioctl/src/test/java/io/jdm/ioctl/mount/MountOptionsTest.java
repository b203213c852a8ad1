package io.jdm.ioctl.mount;

import io.jdm.api.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountOptionsTest {
    @Test
    void commonOptionsBecomeFlagsTheRestIsDataInOrder() {
        MountOptions o = MountOptions.parse("ro,noatime,discard,errors=remount-ro,nodev,commit=5");
        assertEquals(EnumSet.of(MountFlag.RDONLY, MountFlag.NOATIME, MountFlag.NODEV), o.flags());
        assertEquals("discard,errors=remount-ro,commit=5", o.data());
        assertEquals(1L | 1024L | 4L, o.flagBits());
        assertEquals("ro,nodev,noatime,discard,errors=remount-ro,commit=5", o.toString());
    }

    @Test
    void flagBitsAreTheKernelsValues() {
        // <linux/mount.h>
        assertEquals(1, MountFlag.RDONLY.bit());
        assertEquals(2, MountFlag.NOSUID.bit());
        assertEquals(4, MountFlag.NODEV.bit());
        assertEquals(8, MountFlag.NOEXEC.bit());
        assertEquals(16, MountFlag.SYNCHRONOUS.bit());
        assertEquals(128, MountFlag.DIRSYNC.bit());
        assertEquals(1024, MountFlag.NOATIME.bit());
        assertEquals(2048, MountFlag.NODIRATIME.bit());
        assertEquals(0x200000, MountFlag.RELATIME.bit());
        assertEquals(0x1000000, MountFlag.STRICTATIME.bit());
        assertEquals(0x2000000, MountFlag.LAZYTIME.bit());
    }

    @Test
    void laterOptionsWinAsInMount8() {
        assertEquals(Set.of(), MountOptions.parse("ro,rw").flags());
        assertEquals(Set.of(MountFlag.RDONLY), MountOptions.parse("rw,ro").flags());
        assertEquals(Set.of(MountFlag.NOSUID), MountOptions.parse("noexec,nosuid,exec").flags());
        assertEquals(Set.of(), MountOptions.parse("noatime,atime").flags());
    }

    @Test
    void defaultsAndEmptyMeanNothing() {
        assertEquals(MountOptions.NONE, MountOptions.parse(""));
        assertEquals(MountOptions.NONE, MountOptions.parse("defaults"));
        assertEquals(new MountOptions(Set.of(MountFlag.RDONLY), ""), MountOptions.parse("defaults,ro"));
    }

    @Test
    void aFlagNameWithAValueIsData() {
        // "ro=1" is not mount(8)'s "ro": the filesystem gets it and may refuse it
        MountOptions o = MountOptions.parse("ro=1");
        assertTrue(o.flags().isEmpty());
        assertEquals("ro=1", o.data());
    }

    @Test
    void emptyItemsFstabOptionsAndOperationsAreRefusedNamingThem() {
        assertTrue(assertThrows(InvalidInputException.class, () -> MountOptions.parse("ro,,discard"))
                .getMessage().contains("empty item"));
        assertTrue(assertThrows(InvalidInputException.class, () -> MountOptions.parse("ro,"))
                .getMessage().contains("empty item"));
        for (String bad : new String[] {"noauto", "nofail", "x-systemd.automount", "_netdev", "user", "comment=x"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> MountOptions.parse("ro," + bad));
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("fstab"), e.getMessage());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> MountOptions.parse("remount,ro"));
        assertTrue(e.getMessage().contains("'remount'") && e.getMessage().contains("operation"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> MountOptions.parse("bind"));
    }

    @Test
    void dataWithNulIsRefused() {
        assertThrows(InvalidInputException.class, () -> new MountOptions(Set.of(), "a\0b"));
    }

    @Test
    void withAddsAFlagAndKeepsTheData() {
        MountOptions o = MountOptions.parse("discard").with(MountFlag.RDONLY);
        assertEquals(Set.of(MountFlag.RDONLY), o.flags());
        assertEquals("discard", o.data());
        assertEquals(Set.of(MountFlag.NOATIME, MountFlag.NODEV), MountOptions.of(MountFlag.NOATIME, MountFlag.NODEV).flags());
        assertEquals(Set.of(), MountOptions.of().flags());
    }
}
