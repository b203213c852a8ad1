package io.jdm.api;

/** The reply of a table query: the device's info and its table as the kernel prints it back. */
public record TableReport(DeviceInfo info, Table table) {
}
