package io.jdm.ioctl.internal;

import io.jdm.api.DeviceMapperUnavailableException;

/**
 * Refuses to go further when native access is not enabled for jdm's module, with the exact flag to add,
 * instead of the JDK's warning (or, with {@code --illegal-native-access=deny}, a bare stack trace).
 */
public final class NativeAccess {
    private NativeAccess() {
    }

    public static void require() {
        Module module = NativeAccess.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            String target = module.isNamed() ? module.getName() : "ALL-UNNAMED";
            throw new DeviceMapperUnavailableException("jdm calls the kernel through the Foreign Function & Memory API: "
                    + "start the JVM with --enable-native-access=" + target
                    + " (or add 'Enable-Native-Access: ALL-UNNAMED' to an executable jar's manifest)");
        }
    }
}
