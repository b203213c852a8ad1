/** Public types of jdm. No native code lives here; an implementation is found through {@link io.jdm.api.spi.DeviceMapperProvider}. */
module io.jdm.api {
    exports io.jdm.api;
    exports io.jdm.api.spi;
    // the rules jdm's own modules share (how the kernel splits words, where a crypt key sits, ...):
    // not part of the API users should call
    exports io.jdm.api.internal to io.jdm.ioctl, io.jdm.targets, io.jdm.testkit, io.jdm.thin, io.jdm.cli;
    uses io.jdm.api.spi.DeviceMapperProvider;
}
