package io.jdm.testkit;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperException;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.ioctl.loop.LoopDevice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An LVM volume group on one loop device, with LVM configurations of its own: LVM must look at no
 * device but that one, the VM has no udev and the host's root is read-only there. Two lvm.conf files
 * (reached through {@code LVM_SYSTEM_DIR}), the same but for dmeventd monitoring: off for LVM commands
 * that run beside jdm's pool monitor, on for a dmeventd that is to watch the pools itself. The same text
 * is at hand for {@code --config} (what {@code LvmGrower.withConfig} passes).
 *
 * <p>Its devices are LVM's, named {@code VG-LV} with LVM's dash doubling, so a {@link DmScratch} sweep of
 * a prefix does not find them: {@link #close()} removes the volume group, and whatever device-mapper device
 * of it is left after that. The loop device stays its owner's.
 */
public final class LvmSandbox implements AutoCloseable {
    /** LVM's default extent, stated: sizes built on it are multiples of it. */
    public static final long EXTENT_BYTES = 4L * 1024 * 1024;
    /** An LVM command takes about 1.5 s under emulation; one that takes this long is stuck. */
    private static final long TIMEOUT_SECONDS = 120;

    private final DeviceMapper dm;
    private final String vg;
    private final Path dir;
    private final LoopDevice pv;

    private LvmSandbox(DeviceMapper dm, String vg, Path dir, LoopDevice pv) {
        this.dm = dm;
        this.vg = vg;
        this.dir = dir;
        this.pv = pv;
    }

    /** A volume group {@code vg} on {@code pv}, its configurations and LVM's locks under {@code dir}. */
    public static LvmSandbox create(DeviceMapper dm, String vg, LoopDevice pv, Path dir) {
        LvmSandbox lvm = new LvmSandbox(dm, vg, dir, pv);
        try {
            Files.createDirectories(dir.resolve("lock"));
            for (boolean monitoring : List.of(false, true)) {
                Files.createDirectories(lvm.systemDir(monitoring));
                Files.writeString(lvm.systemDir(monitoring).resolve("lvm.conf"), lvm.config(monitoring));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lvm.run(false, "pvcreate", pv.path().toString());
        try {
            lvm.run(false, "vgcreate", "-s", EXTENT_BYTES / 1024 + "k", vg, pv.path().toString());
        } catch (RuntimeException e) {
            lvm.exec(false, "pvremove", pv.path().toString());
            throw e;
        }
        return lvm;
    }

    public String vg() {
        return vg;
    }

    /** The directory {@code LVM_SYSTEM_DIR} names for commands with or without dmeventd monitoring. */
    public Path systemDir(boolean monitoring) {
        return dir.resolve(monitoring ? "lvm-monitoring" : "lvm");
    }

    /**
     * The lvm.conf text: accept only the loop device (its path is all LVM's filters match on); no udev
     * (LVM makes the nodes in /dev itself and waits for nobody); no backups under /etc/lvm; locks in
     * the sandbox's directory; dmeventd monitoring as asked; autoextend at 80% by 20%, because LVM also
     * derives a thin pool's low-water mark from the threshold at every reload it makes.
     */
    public String config(boolean monitoring) {
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
                """.formatted(accept, accept, dir.resolve("lock"), monitoring ? 1 : 0);
    }

    /** An LVM command ({@code lvcreate ...}) without monitoring; its output, or an exception saying how it failed. */
    public String run(String... command) {
        return run(false, command);
    }

    /** An LVM command under the configuration with or without monitoring; its output, or an exception. */
    public String run(boolean monitoring, String... command) {
        Exit exit = exec(monitoring, command);
        if (exit.status() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit.status() + ": "
                    + exit.output().strip());
        }
        return exit.output();
    }

    private record Exit(int status, String output) {
    }

    /** Runs {@code command} with this sandbox's {@code LVM_SYSTEM_DIR}, standard error with its output. */
    private Exit exec(boolean monitoring, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("LVM_SYSTEM_DIR", systemDir(monitoring).toString());
        pb.environment().put("LC_ALL", "C");
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes(); // ends when the process closes its output
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Exit(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + " (is lvm2 installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    /** A number {@code lvs} reports of {@code lv}, in bytes ({@code lv_size}, {@code lv_metadata_size}). */
    public long lvsBytes(String lv, String field) {
        return Long.parseLong(run("lvs", "--noheadings", "--nosuffix", "--units", "b", "-o", field, vg + "/" + lv).strip());
    }

    /** The device-mapper name LVM gives {@code lv} (dashes doubled), or one of its {@code layers} ({@code "tpool"}). */
    public DeviceName deviceName(String lv, String... layers) {
        StringBuilder name = new StringBuilder(vg.replace("-", "--")).append('-').append(lv.replace("-", "--"));
        for (String layer : layers) {
            name.append('-').append(layer);
        }
        return DeviceName.of(name.toString());
    }

    /** {@code /dev/VG/LV}, which LVM makes itself when udev does not. */
    public Path path(String lv) {
        return Path.of("/dev", vg, lv);
    }

    /**
     * Removes the volume group with everything on it; if LVM cannot, removes its devices itself (users
     * first), so the loop device under them can be detached.
     */
    @Override
    public void close() {
        Exit removed = exec(false, "vgremove", "-ff", "-y", vg);
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
        if (removed.status() != 0 || !left.isEmpty()) {
            throw new IllegalStateException("could not remove volume group " + vg + " (vgremove exited with " + removed.status()
                    + ": " + removed.output().strip() + "); devices left: " + left.stream().map(d -> d.name().value()).toList());
        }
    }

    private List<ListedDevice> devices(String prefix) {
        return dm.list().stream().filter(d -> d.name().value().startsWith(prefix)).toList();
    }
}
