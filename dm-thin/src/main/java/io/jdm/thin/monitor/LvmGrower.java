package io.jdm.thin.monitor;

import io.jdm.api.DeviceName;
import io.jdm.api.InvalidInputException;
import io.jdm.thin.internal.ExternalProgram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Grows an LVM thin pool as dmeventd's thin plugin does, by running {@code lvextend} on the pool's
 * logical volume: LVM finds the extents, resizes the hidden data ({@code _tdata}) or metadata
 * ({@code _tmeta}) volume and reloads the pool itself. The monitor only reads the result.
 */
public final class LvmGrower implements PoolGrower {
    private static final Pattern LVM_NAME = Pattern.compile("[A-Za-z0-9+_.][A-Za-z0-9+_.-]*");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final long SECTOR = 512;

    private final String volumeGroup;
    private final String logicalVolume;
    private final String lvextend;

    private LvmGrower(String volumeGroup, String logicalVolume, String lvextend) {
        this.volumeGroup = volumeGroup;
        this.logicalVolume = logicalVolume;
        this.lvextend = lvextend;
    }

    /** The pool LV {@code vg/lv}, grown with {@code lvextend} from the PATH. */
    public static LvmGrower of(String volumeGroup, String logicalVolume) {
        return new LvmGrower(checkName("volume group", volumeGroup), checkName("logical volume", logicalVolume),
                "lvextend");
    }

    /**
     * The pool LV whose device-mapper device is {@code name}: LVM names it {@code VG-LV} or, while thin
     * volumes use the pool, {@code VG-LV-tpool}, with each {@code -} inside a name doubled.
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
        return new LvmGrower(volumeGroup, logicalVolume, program);
    }

    public String volumeGroup() {
        return volumeGroup;
    }

    public String logicalVolume() {
        return logicalVolume;
    }

    @Override
    public Growth grow(Request request) {
        // the wanted size exactly, in sectors: LVM rounds up to its extent size
        String size = request.wantedSectors() + "s";
        List<String> command = new ArrayList<>(List.of(lvextend));
        command.addAll(request.space() == PoolSpace.DATA ? List.of("-L", size) : List.of("--poolmetadatasize", size));
        command.add(volumeGroup + "/" + logicalVolume);
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

    private static String checkName(String what, String name) {
        if (name == null || !LVM_NAME.matcher(name).matches() || name.length() > 127) {
            throw new InvalidInputException("LVM " + what + " name must be letters, digits and + _ . -"
                    + " (not starting with -), at most 127 characters, got " + name);
        }
        return name;
    }
}
