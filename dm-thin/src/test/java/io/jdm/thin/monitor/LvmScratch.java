package io.jdm.thin.monitor;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperException;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.HostTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An LVM volume group on one of a test's loop devices, with an LVM configuration of its own: the guest
 * has no udev and the host's root is read-only there, and LVM must never look at any device but the
 * test's. The settings live in an lvm.conf in the test's temp dir, which the test's own LVM commands
 * read through {@code LVM_SYSTEM_DIR}, and in {@link #config()}, the same text for {@code --config}
 * (what {@link LvmGrower#withConfig} passes).
 *
 * <p>Its devices are LVM's, named {@code VG-LV} with LVM's dash doubling, so {@link DmScratch}'s sweep of
 * its prefix does not find them: {@link #close()} removes the volume group, and whatever device-mapper
 * device of it is left after that.
 */
final class LvmScratch implements AutoCloseable {
    /** LVM's default, stated: sizes in the tests are multiples of it. */
    static final long EXTENT_BYTES = 4L * 1024 * 1024;

    private final DeviceMapper dm;
    private final String vg;
    private final Path systemDir;
    private final String config;

    private LvmScratch(DeviceMapper dm, String vg, Path systemDir, String config) {
        this.dm = dm;
        this.vg = vg;
        this.systemDir = systemDir;
        this.config = config;
    }

    /** A volume group named after the scratch's prefix on a new loop device of {@code bytes}. */
    static LvmScratch create(DeviceMapper dm, DmScratch s, long bytes) throws IOException {
        LoopDevice pv = s.loop(bytes);
        Path systemDir = Files.createDirectories(s.tempDir().resolve("lvm"));
        Path lockDir = Files.createDirectories(s.tempDir().resolve("lvm-lock"));
        String config = config(pv.path(), lockDir);
        Files.writeString(systemDir.resolve("lvm.conf"), config);
        LvmScratch lvm = new LvmScratch(dm, s.prefix() + "vg", systemDir, config);
        lvm.run("pvcreate", pv.path().toString());
        try {
            lvm.run("vgcreate", "-s", EXTENT_BYTES / 1024 + "k", lvm.vg, pv.path().toString());
        } catch (AssertionError e) {
            lvm.run("pvremove", pv.path().toString());
            throw e;
        }
        return lvm;
    }

    /**
     * Accept only {@code pv} (its path is all LVM's filters match on); no udev: LVM makes the nodes in
     * /dev itself and waits for nobody; no backups under /etc/lvm; locks in the test's dir; no
     * dmeventd. The autoextend threshold is the monitor's policy's, because LVM derives the pool's
     * low-water mark from it at every reload it makes (lvcreate, lvextend).
     */
    private static String config(Path pv, Path lockDir) {
        String accept = "[ \"a|^" + pv + "$|\", \"r|.*|\" ]";
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
                    monitoring = 0
                    thin_pool_autoextend_threshold = 80
                    thin_pool_autoextend_percent = 20
                }
                """.formatted(accept, accept, lockDir);
    }

    String vg() {
        return vg;
    }

    /** The lvm.conf text, for {@code --config}. */
    String config() {
        return config;
    }

    /** An LVM command ({@code lvcreate ...}) under this group's configuration; its standard output. */
    String run(String... command) {
        List<String> line = new ArrayList<>(List.of("env", "LVM_SYSTEM_DIR=" + systemDir));
        line.addAll(List.of(command));
        return HostTool.run(line.toArray(String[]::new));
    }

    /** A number {@code lvs} reports of {@code lv}, in bytes ({@code lv_size}, {@code lv_metadata_size}). */
    long lvsBytes(String lv, String field) {
        return Long.parseLong(run("lvs", "--noheadings", "--nosuffix", "--units", "b", "-o", field, vg + "/" + lv).strip());
    }

    /** The device-mapper name of {@code lv}'s device, or of its {@code layer} ({@code "tpool"}). */
    DeviceName deviceName(String lv, String... layer) {
        StringBuilder name = new StringBuilder(vg.replace("-", "--")).append('-').append(lv.replace("-", "--"));
        for (String l : layer) {
            name.append('-').append(l);
        }
        return DeviceName.of(name.toString());
    }

    /** {@code /dev/VG/LV}, which LVM makes itself when udev does not. */
    Path path(String lv) {
        return Path.of("/dev", vg, lv);
    }

    /**
     * Removes the volume group with everything on it; if LVM cannot, removes its devices itself (users
     * first), so the loop device under them can be detached.
     */
    @Override
    public void close() {
        HostTool.Result removed = HostTool.result("env", "LVM_SYSTEM_DIR=" + systemDir, "vgremove", "-ff", "-y", vg);
        String prefix = vg.replace("-", "--") + "-";
        List<ListedDevice> left = devices(prefix);
        for (int pass = 0; pass < 8 && !left.isEmpty(); pass++) {
            for (ListedDevice d : left) {
                try {
                    dm.remove(DeviceRef.name(d.name()));
                } catch (DeviceMapperException e) {
                    // in use by another of them: the next pass, once that one is gone
                }
            }
            left = devices(prefix);
        }
        if (removed.exit() != 0 || !left.isEmpty()) {
            throw new AssertionError("could not remove volume group " + vg + " (vgremove exited with " + removed.exit()
                    + ": " + removed.output().strip() + "); devices left: " + left.stream().map(d -> d.name().value()).toList());
        }
    }

    private List<ListedDevice> devices(String prefix) {
        return dm.list().stream().filter(d -> d.name().value().startsWith(prefix)).toList();
    }
}
