package io.jdm.bench.monitor;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperException;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's LVM volume group on a loop device of its own, and the two lvm.conf files its peers
 * use: the same devices filter (that loop device only), no udev (the VM has none), no backups, locks
 * in the benchmark's directory, and LVM's autoextend at 80% by 20%; monitoring (dmeventd) on for the
 * dmeventd peer only, so that it never also watches the pools jdm's monitor grows. Each file is
 * reached through {@code LVM_SYSTEM_DIR}; jdm's grower gets its text with {@code --config}.
 */
final class LvmVolumeGroup implements AutoCloseable {
    static final long EXTENT_BYTES = 4L << 20;
    private static final long TIMEOUT_SECONDS = 120;

    private final DeviceMapper dm;
    private final String vg;
    private final Path dir;
    private final LoopDevice pv;

    private LvmVolumeGroup(DeviceMapper dm, String vg, Path dir, LoopDevice pv) {
        this.dm = dm;
        this.vg = vg;
        this.dir = dir;
        this.pv = pv;
    }

    /** A volume group named {@code vg} on a new sparse loop device of {@code bytes} under {@code dir}. */
    static LvmVolumeGroup create(DeviceMapper dm, String vg, Path dir, long bytes) throws IOException {
        Files.createDirectories(dir);
        LoopDevice pv = LoopControl.attach(LoopControl.createSparseFile(dir.resolve("pv.img"), bytes));
        LvmVolumeGroup group = new LvmVolumeGroup(dm, vg, dir, pv);
        try {
            Files.createDirectories(dir.resolve("lock"));
            for (Peer peer : List.of(Peer.JDM, Peer.DMEVENTD)) {
                Files.createDirectories(group.systemDir(peer));
                Files.writeString(group.systemDir(peer).resolve("lvm.conf"), group.config(peer));
            }
            group.run(Peer.JDM, "pvcreate", pv.path().toString());
            group.run(Peer.JDM, "vgcreate", "-s", EXTENT_BYTES / 1024 + "k", vg, pv.path().toString());
            return group;
        } catch (IOException | RuntimeException e) {
            try {
                group.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    String vg() {
        return vg;
    }

    /** The directory {@code LVM_SYSTEM_DIR} names for {@code peer}'s LVM commands (and dmeventd). */
    Path systemDir(Peer peer) {
        return dir.resolve("lvm-" + peer.name().toLowerCase());
    }

    /** {@code peer}'s lvm.conf text. */
    String config(Peer peer) {
        String accept = "[ \"a|^" + pv.path() + "$|\", \"r|.*|\" ]";
        return """
                devices {
                    filter = %s
                    global_filter = %s
                    obtain_device_list_from_udev = 0
                    external_device_info_source = "none"
                    use_devicesfile = 0
                    hints = "none"
                }
                global {
                    locking_dir = "%s"
                    notify_dbus = 0
                }
                backup {
                    backup = 0
                    archive = 0
                }
                activation {
                    udev_sync = 0
                    udev_rules = 0
                    monitoring = %d
                    thin_pool_autoextend_threshold = 80
                    thin_pool_autoextend_percent = 20
                }
                """.formatted(accept, accept, dir.resolve("lock"), peer == Peer.DMEVENTD ? 1 : 0);
    }

    /** An LVM command under {@code peer}'s lvm.conf; its standard output (and error), or an exception. */
    String run(Peer peer, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("LVM_SYSTEM_DIR", systemDir(peer).toString());
        pb.environment().put("LC_ALL", "C");
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes(); // ends when the process closes its output
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + " (is lvm2 installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    /** The device-mapper name LVM gives {@code lv} (its dashes doubled), or its {@code layer}'s. */
    DeviceName deviceName(String lv, String layer) {
        return DeviceName.of(vg.replace("-", "--") + "-" + lv.replace("-", "--") + "-" + layer);
    }

    /** {@code /dev/VG/LV}, which LVM makes itself without udev. */
    Path path(String lv) {
        return Path.of("/dev", vg, lv);
    }

    /** Removes the group (what LVM cannot remove, jdm does), detaches the loop device, deletes the file. */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        try {
            run(Peer.JDM, "vgremove", "-ff", "-y", vg);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        String prefix = vg.replace("-", "--") + "-";
        List<ListedDevice> left = devices(prefix);
        for (int pass = 0; pass < 8 && !left.isEmpty(); pass++) {
            for (ListedDevice d : left) {
                try {
                    dm.remove(DeviceRef.name(d.name()));
                } catch (DeviceMapperException e) {
                    // another of them still uses it: the next pass
                }
            }
            left = devices(prefix);
        }
        if (!left.isEmpty()) {
            problems.add("devices left: " + left.stream().map(d -> d.name().value()).toList());
        }
        try {
            pv.close();
            Files.deleteIfExists(dir.resolve("pv.img"));
        } catch (IOException | RuntimeException e) {
            problems.add("cannot detach " + pv + ": " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("volume group " + vg + " not cleaned up: " + String.join("; ", problems));
        }
    }

    private List<ListedDevice> devices(String prefix) {
        return dm.list().stream().filter(d -> d.name().value().startsWith(prefix)).toList();
    }
}
