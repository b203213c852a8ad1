/** Public types of jdm. No native code lives here; an implementation is found through {@link io.jdm.api.spi.DeviceMapperProvider}. */
module io.jdm.api {
    exports io.jdm.api;
    exports io.jdm.api.spi;
    uses io.jdm.api.spi.DeviceMapperProvider;
}
