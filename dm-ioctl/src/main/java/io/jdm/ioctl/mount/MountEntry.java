package io.jdm.ioctl.mount;

import io.jdm.api.DeviceNumber;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One line of {@code /proc/self/mountinfo}, with its escapes ({@code \040} for a space, ...) decoded.
 *
 * @param mountId        the mount's id
 * @param parentId       its parent mount's id
 * @param device         {@code st_dev} of the filesystem: for a block-device filesystem such as ext4 or
 *                       xfs, the device's major:minor
 * @param root           the directory of the filesystem mounted there ({@code /} unless a bind mount)
 * @param mountPoint     where it is mounted, as this process sees it
 * @param mountOptions   the per-mount options, e.g. {@code rw,noatime}
 * @param optionalFields tags such as {@code shared:1}, possibly none
 * @param fsType         the filesystem type, e.g. {@code ext4}
 * @param source         what was mounted, e.g. {@code /dev/mapper/vol}, as given to mount(2)
 * @param superOptions   the filesystem's own options, e.g. {@code rw,errors=remount-ro}
 */
public record MountEntry(int mountId, int parentId, DeviceNumber device, String root, Path mountPoint,
                         String mountOptions, List<String> optionalFields, String fsType, String source,
                         String superOptions) {
    /** Checks the parts; the list is copied. */
    public MountEntry {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(mountOptions, "mountOptions");
        optionalFields = List.copyOf(optionalFields);
        Objects.requireNonNull(fsType, "fsType");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(superOptions, "superOptions");
    }

    /** The mount is read-only ({@code ro} among its per-mount options). */
    public boolean readOnly() {
        return Arrays.asList(mountOptions.split(",")).contains("ro");
    }
}
