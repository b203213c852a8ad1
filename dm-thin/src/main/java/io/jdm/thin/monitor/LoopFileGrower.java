package io.jdm.thin.monitor;

import io.jdm.ioctl.loop.LoopCapacity;

/**
 * Grows a pool's data or metadata device that is an image file on a loop device (as
 * {@link io.jdm.thin.ThinPoolSetup} makes from files): extends the file, sparse, and has the loop device
 * take the new size. The file's filesystem must have room for the growth, or the grow is refused.
 */
public final class LoopFileGrower implements PoolGrower {
    private static final long SECTOR = 512;

    private LoopFileGrower() {
    }

    public static LoopFileGrower create() {
        return new LoopFileGrower();
    }

    @Override
    public Growth grow(Request request) {
        long bytes = LoopCapacity.growTo(Devices.number(request.device()), request.wantedSectors() * SECTOR);
        return new Growth.DeviceGrown(bytes / SECTOR);
    }

    @Override
    public String toString() {
        return "loop-file grower";
    }
}
