package io.jdm.ioctl.block;

import java.nio.file.OpenOption;

/**
 * {@code O_DIRECT} for {@link java.nio.channels.FileChannel}: reads and writes that bypass the page
 * cache, for code that must see what is on a device now (device-mapper swaps tables and dm-bufio writes
 * metadata past the cache, so a buffered read can return blocks from before).
 */
public final class DirectIo {
    /**
     * {@code com.sun.nio.file.ExtendedOpenOption.DIRECT}, looked up by name so that no jdm source
     * imports the JDK-specific package (this module reads jdk.unsupported, which exports it).
     */
    public static final OpenOption DIRECT = lookUp();

    private DirectIo() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static OpenOption lookUp() {
        try {
            return (OpenOption) Enum.valueOf((Class) Class.forName("com.sun.nio.file.ExtendedOpenOption"), "DIRECT");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError("this JDK has no com.sun.nio.file.ExtendedOpenOption.DIRECT: " + e);
        }
    }
}
