package io.jdm.ioctl.loop;

/**
 * How to attach a loop device.
 *
 * @param readOnly  the device refuses writes (and the backing file is opened read-only)
 * @param autoClear the kernel detaches the device when its last user closes it, so a crashed JVM
 *                  leaves nothing attached (the {@link LoopDevice} keeps it open until closed)
 * @param directIo  bypass the page cache of the backing file where its file system allows it
 *                  (the kernel silently keeps buffered I/O where it does not, e.g. on tmpfs)
 */
public record LoopOptions(boolean readOnly, boolean autoClear, boolean directIo) {
    private static final LoopOptions DEFAULTS = new LoopOptions(false, true, false);

    /** Read-write, auto-clear, buffered. */
    public static LoopOptions defaults() {
        return DEFAULTS;
    }

    public LoopOptions withReadOnly(boolean readOnly) {
        return new LoopOptions(readOnly, autoClear, directIo);
    }

    public LoopOptions withAutoClear(boolean autoClear) {
        return new LoopOptions(readOnly, autoClear, directIo);
    }

    public LoopOptions withDirectIo(boolean directIo) {
        return new LoopOptions(readOnly, autoClear, directIo);
    }

    /** The {@code lo_flags} these options ask LOOP_CONFIGURE for. */
    int loFlags() {
        return (readOnly ? LoopAbi.LO_FLAGS_READ_ONLY : 0)
                | (autoClear ? LoopAbi.LO_FLAGS_AUTOCLEAR : 0)
                | (directIo ? LoopAbi.LO_FLAGS_DIRECT_IO : 0);
    }
}
