/**
 * Filesystems on thin volumes: making them (mkfs.ext4, mkfs.xfs) and telling what is on a device, from its
 * superblock, in Java. Mounting is {@link io.jdm.ioctl.mount.Mounts}.
 */
package io.jdm.thin.fs;
