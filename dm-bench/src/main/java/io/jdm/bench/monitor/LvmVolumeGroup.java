package io.jdm.bench.monitor;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.testkit.LvmSandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's LVM volume group ({@link LvmSandbox}) on a loop device of its own. dmeventd's
 * monitoring is on for the dmeventd peer's commands only, so that it never also watches the pools jdm's
 * monitor grows.
 */
final class LvmVolumeGroup implements AutoCloseable {
    private final LvmSandbox lvm;
    private final Path dir;
    private final LoopDevice pv;

    private LvmVolumeGroup(LvmSandbox lvm, Path dir, LoopDevice pv) {
        this.lvm = lvm;
        this.dir = dir;
        this.pv = pv;
    }

    /** A volume group named {@code vg} on a new sparse loop device of {@code bytes} under {@code dir}. */
    static LvmVolumeGroup create(DeviceMapper dm, String vg, Path dir, long bytes) throws IOException {
        Files.createDirectories(dir);
        LoopDevice pv = LoopControl.attach(LoopControl.createSparseFile(dir.resolve("pv.img"), bytes));
        try {
            return new LvmVolumeGroup(LvmSandbox.create(dm, vg, pv, dir), dir, pv);
        } catch (RuntimeException e) {
            try {
                detach(pv, dir);
            } catch (RuntimeException | IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    String vg() {
        return lvm.vg();
    }

    /** The directory {@code LVM_SYSTEM_DIR} names for {@code peer}'s LVM commands (and dmeventd). */
    Path systemDir(Peer peer) {
        return lvm.systemDir(peer == Peer.DMEVENTD);
    }

    /** {@code peer}'s lvm.conf text. */
    String config(Peer peer) {
        return lvm.config(peer == Peer.DMEVENTD);
    }

    /** An LVM command under {@code peer}'s lvm.conf; its standard output (and error), or an exception. */
    String run(Peer peer, String... command) {
        return lvm.run(peer == Peer.DMEVENTD, command);
    }

    /** The device-mapper name LVM gives {@code lv}'s {@code layer}. */
    DeviceName deviceName(String lv, String layer) {
        return lvm.deviceName(lv, layer);
    }

    /** {@code /dev/VG/LV}, which LVM makes itself without udev. */
    Path path(String lv) {
        return lvm.path(lv);
    }

    /** Removes the group (what LVM cannot remove, jdm does), detaches the loop device, deletes the file. */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        try {
            lvm.close();
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        try {
            detach(pv, dir);
        } catch (IOException | RuntimeException e) {
            problems.add("cannot detach " + pv + ": " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("volume group " + lvm.vg() + " not cleaned up: " + String.join("; ", problems));
        }
    }

    private static void detach(LoopDevice pv, Path dir) throws IOException {
        pv.close();
        Files.deleteIfExists(dir.resolve("pv.img"));
    }
}
