package io.jdm.api.spi;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperOptions;

/** Service interface an implementation (dm-ioctl) provides; found by {@link DeviceMapper#open()}. */
public interface DeviceMapperProvider {
    DeviceMapper open(DeviceMapperOptions options);
}
