package io.jdm.thin.fs;

import java.util.Objects;
import java.util.UUID;

/**
 * What a device's superblock says it holds.
 *
 * @param type the filesystem ({@link FilesystemType#EXT4} for the whole ext family: the ext4 driver mounts
 *             ext2 and ext3 too)
 * @param uuid the filesystem's UUID, as blkid and {@code /dev/disk/by-uuid} show it
 */
public record FilesystemId(FilesystemType type, UUID uuid) {
    /** Checks the parts. */
    public FilesystemId {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uuid, "uuid");
    }
}
