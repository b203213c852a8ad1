package io.jdm.api;

/**
 * Who makes {@code /dev/mapper/NAME}. The kernel only makes {@code /dev/dm-N}; the named node is made
 * by udev's rules when udev runs, or by the library when it does not (as libdevmapper does).
 */
public enum NodePolicy {
    /** Make and remove nodes when udev is not running ({@code /run/udev/control} absent); else leave them to udev. */
    AUTO,
    /** Always make and remove {@code /dev/mapper/NAME} block nodes (mode 0600). */
    ALWAYS,
    /** Never touch {@code /dev/mapper}; use {@link DeviceMapper#devicePath} or {@code /dev/dm-N}. */
    NEVER
}
