/** Block devices opened exclusively, for code that must be sure nobody else uses a device it is about to write. */
package io.jdm.ioctl.block;
