package io.jdm.ioctl;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.spi.DeviceMapperProvider;

/** Makes {@link DeviceMapper#open()} find the ioctl implementation through ServiceLoader. */
public final class IoctlDeviceMapperProvider implements DeviceMapperProvider {
    @Override
    public DeviceMapper open(DeviceMapperOptions options) {
        return IoctlDeviceMapper.open(options);
    }
}
