package io.jdm.ioctl.mount;

import io.jdm.api.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What is refused before mount(2) or umount2(2) is called: every case here fails without the kernel. */
class MountsPrecheckTest {
    @Test
    void aMissingTargetIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Mounts.mount(Path.of("/dev/null"), missing, "ext4", 0, null));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void aTargetThatIsNotADirectoryIsNamed(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Mounts.mount(Path.of("/dev/null"), file, "ext4", 0, null));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a directory"),
                e.getMessage());
    }

    @Test
    void aMissingAbsoluteSourceIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("no-device");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Mounts.mount(missing, dir, "ext4", MountOptions.parse("ro")));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void badTypesAndNulsAreRefused(@TempDir Path dir) {
        assertThrows(InvalidInputException.class, () -> Mounts.mount(null, dir, "", 0, null));
        assertThrows(InvalidInputException.class, () -> Mounts.mount(null, dir, "ext 4", 0, null));
        assertThrows(InvalidInputException.class, () -> Mounts.mount(null, dir, "tmpfs", 0, "size=1M\0"));
    }

    @Test
    void unknownUnmountFlagsAndMissingTargetsAreRefused(@TempDir Path dir) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Mounts.unmount(dir, 0x10));
        assertTrue(e.getMessage().contains("0x10"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> Mounts.unmount(dir.resolve("nope"), Mounts.MNT_DETACH));
    }

    @Test
    void mountsOfSomethingThatIsNotABlockDeviceIsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        assertThrows(InvalidInputException.class, () -> Mounts.mountsOf(file));
        assertThrows(InvalidInputException.class, () -> Mounts.mountsOf(dir.resolve("nope")));
        assertFalse(Mounts.isMountPoint(dir));
    }
}
