/**
 * Mounting and unmounting filesystems (mount(2), umount2(2)), mount options as mount(8) splits them, and
 * where things are mounted, read from {@code /proc/self/mountinfo}.
 */
package io.jdm.ioctl.mount;
