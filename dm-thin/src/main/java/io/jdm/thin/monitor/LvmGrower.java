package io.jdm.thin.monitor;

import io.jdm.api.DeviceName;
import io.jdm.api.InvalidInputException;
import io.jdm.thin.internal.ExternalProgram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Grows an LVM thin pool as dmeventd's thin plugin does, by running {@code lvextend} on the pool's
 * logical volume: LVM finds the extents, resizes the hidden data ({@code _tdata}) or metadata
 * ({@code _tmeta}) volume and reloads the pool itself. The monitor only reads the result.
 *
 * <p>The data space grows with {@code lvextend -L <sectors>s VG/LV}, the metadata space with
 * {@code lvextend --poolmetadatasize <sectors>s VG/LV}: absolute sizes, which LVM rounds up to whole
 * extents, so a repeated request never grows twice (LVM refuses a size the volume already has).
 * {@code lvextend} reads lvm.conf as it would from a shell: from {@code /etc/lvm}, or the directory
 * {@code LVM_SYSTEM_DIR} names in this JVM's environment; {@link #withConfig} adds settings of the
 * caller's (a devices filter, udev off) to every run.
 *
 * <p>When LVM reloads the pool it writes the low-water mark it derives from its own
 * {@code activation/thin_pool_autoextend_threshold} (none at 100, the default), not the monitor's.
 */
public final class LvmGrower implements PoolGrower {
    private static final Pattern LVM_NAME = Pattern.compile("[A-Za-z0-9+_.][A-Za-z0-9+_.-]*");
    /** lvm(8), VALID NAMES: LVM's own sub-volumes; lvextend refuses them, and a pool is none of them. */
    private static final List<String> RESERVED_IN_LV_NAMES = List.of("_cdata", "_cmeta", "_corig", "_iorig",
            "_mimage", "_mlog", "_pmspare", "_rimage", "_rmeta", "_tdata", "_tmeta", "_vdata", "_vorigin", "_wcorig");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final String volumeGroup;
    private final String logicalVolume;
    private final String lvextend;
    private final Optional<String> config;

    private LvmGrower(String volumeGroup, String logicalVolume, String lvextend, Optional<String> config) {
        this.volumeGroup = volumeGroup;
        this.logicalVolume = logicalVolume;
        this.lvextend = lvextend;
        this.config = config;
    }

    /** The pool LV {@code vg/lv}, grown with {@code lvextend} from the PATH. */
    public static LvmGrower of(String volumeGroup, String logicalVolume) {
        return new LvmGrower(checkVolumeGroup(volumeGroup), checkLogicalVolume(logicalVolume), "lvextend",
                Optional.empty());
    }

    /**
     * The pool LV whose device-mapper device is {@code name}: LVM names it {@code VG-LV} or, while thin
     * volumes use the pool, {@code VG-LV-tpool}, with each {@code -} inside a name doubled. Other layers
     * ({@code VG-LV-real}, {@code VG-LV_tdata}) are refused: lvextend cannot grow them.
     */
    public static LvmGrower forDevice(DeviceName name) {
        List<String> parts = splitLvmName(name.value());
        if (parts.size() == 3 && parts.get(2).equals("tpool")) {
            parts = parts.subList(0, 2);
        }
        if (parts.size() != 2) {
            throw new InvalidInputException(name + " is not an LVM thin pool's device name (VG-LV or VG-LV-tpool)");
        }
        return of(parts.get(0), parts.get(1));
    }

    /** This grower running {@code program} instead of {@code lvextend} (a wrapper, a full path). */
    public LvmGrower withProgram(String program) {
        if (program == null || program.isBlank()) {
            throw new InvalidInputException("lvextend program must be a command name or path, got " + program);
        }
        return new LvmGrower(volumeGroup, logicalVolume, program, config);
    }

    /**
     * This grower passing {@code lvmConfig} to every {@code lvextend} as {@code --config}: lvm.conf text
     * such as {@code devices { filter = [ "a|^/dev/loop7$|", "r|.*|" ] } activation { udev_sync = 0 }},
     * which overrides what lvm.conf says. For a pool whose LVM needs settings the system's lvm.conf does
     * not have, without changing this JVM's environment ({@code LVM_SYSTEM_DIR}).
     */
    public LvmGrower withConfig(String lvmConfig) {
        if (lvmConfig == null || lvmConfig.indexOf('\0') >= 0) {
            throw new InvalidInputException("lvm config must be lvm.conf text without NUL characters, got "
                    + (lvmConfig == null ? "null" : "text with a NUL"));
        }
        return new LvmGrower(volumeGroup, logicalVolume, lvextend, Optional.of(lvmConfig));
    }

    public String volumeGroup() {
        return volumeGroup;
    }

    public String logicalVolume() {
        return logicalVolume;
    }

    /** The lvextend command for {@code request}: what {@link #grow} runs. */
    List<String> command(Request request) {
        // the wanted size exactly, in sectors: LVM rounds up to its extent size
        String size = request.wantedSectors() + "s";
        List<String> command = new ArrayList<>(List.of(lvextend));
        config.ifPresent(c -> command.addAll(List.of("--config", c)));
        command.addAll(request.space() == PoolSpace.DATA ? List.of("-L", size) : List.of("--poolmetadatasize", size));
        command.add(volumeGroup + "/" + logicalVolume);
        return command;
    }

    @Override
    public Growth grow(Request request) {
        List<String> command = command(request);
        switch (ExternalProgram.run(command, TIMEOUT)) {
            case ExternalProgram.Outcome.NotStarted n -> throw new IllegalStateException("cannot run " + lvextend
                    + " (is lvm2 installed?): " + n.cause().getMessage(), n.cause());
            case ExternalProgram.Outcome.Killed k -> throw new IllegalStateException(ExternalProgram.describe(command)
                    + (k.interrupted() ? " was interrupted" : " did not finish in " + TIMEOUT) + " and was killed");
            case ExternalProgram.Outcome.Exited e when e.exitCode() != 0 -> throw new IllegalStateException(
                    ExternalProgram.describe(command) + " failed with exit code " + e.exitCode() + ": " + e.output());
            case ExternalProgram.Outcome.Exited e -> {
            }
        }
        return new Growth.PoolResized();
    }

    @Override
    public String toString() {
        return "lvextend of " + volumeGroup + "/" + logicalVolume;
    }

    /** {@code dm_split_lvm_name}: split at single dashes, a doubled dash stands for one in a name. */
    static List<String> splitLvmName(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-' && i + 1 < name.length() && name.charAt(i + 1) == '-') {
                current.append('-');
                i++;
            } else if (c == '-') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String checkVolumeGroup(String name) {
        return checkName("volume group", name);
    }

    private static String checkLogicalVolume(String name) {
        checkName("logical volume", name);
        // lvm(8) says these names; LVM's own check refuses every name that starts with them
        if (name.startsWith("snapshot") || name.startsWith("pvmove")) {
            throw new InvalidInputException("LVM logical volume name " + name
                    + " starts with snapshot or pvmove, which LVM reserves");
        }
        for (String reserved : RESERVED_IN_LV_NAMES) {
            if (name.contains(reserved)) {
                throw new InvalidInputException("LVM logical volume name " + name + " contains " + reserved
                        + ", which LVM reserves for its hidden sub-volumes (name the pool itself)");
            }
        }
        return name;
    }

    private static String checkName(String what, String name) {
        if (name == null || !LVM_NAME.matcher(name).matches() || name.length() > 127) {
            throw new InvalidInputException("LVM " + what + " name must be letters, digits and + _ . -"
                    + " (not starting with -), at most 127 characters, got " + name);
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidInputException("LVM " + what + " name cannot be " + name);
        }
        return name;
    }
}
