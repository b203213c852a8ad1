package io.jdm.testkit.fake;

/** A stretch of a device a target maps onto: what the kernel's {@code iterate_devices} reports for its limits. */
record Area(BlockDevice device, long start, long length) {
    /**
     * The kernel's {@code device_area_is_invalid}: the area must lie within the device, except that a
     * device of size 0 (a device-mapper device without a live table) passes.
     */
    boolean fits() {
        long size = device.sectors();
        return size == 0 || (start < size && length <= size - start);
    }
}
