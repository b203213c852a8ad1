import io.jdm.api.spi.DeviceMapperProvider;
import io.jdm.ioctl.IoctlDeviceMapperProvider;

/** The FFM binding of the device-mapper ioctls; provides {@link DeviceMapperProvider}. */
module io.jdm.ioctl {
    requires transitive io.jdm.api;
    requires jdk.unsupported; // ExtendedOpenOption.DIRECT, for io.jdm.ioctl.block.DirectIo
    requires jdk.jfr; // an event per ioctl (io.jdm.Ioctl), off unless a recording enables it
    exports io.jdm.ioctl;
    exports io.jdm.ioctl.loop;
    exports io.jdm.ioctl.block;
    exports io.jdm.ioctl.mount;
    provides DeviceMapperProvider with IoctlDeviceMapperProvider;
}
