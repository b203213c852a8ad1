/**
 * Block devices: opened exclusively, for code that must be sure nobody else uses a device it is about to
 * write; their numbers and sizes.
 */
package io.jdm.ioctl.block;
