package io.jdm.thin.monitor;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.api.SuspendOptions;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.ioctl.block.BlockDevices;
import io.jdm.targets.BlockDev;
import io.jdm.targets.LinearTarget;
import io.jdm.targets.Target;
import io.jdm.targets.Targets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The direct-lvm picture without LVM: the pool's data (or metadata) device is a dm-linear device the
 * application owns, and growing it appends segments from spare block devices to its table. Which spares
 * are taken is read from the linear device's table itself, so a restarted application (or a crash between
 * the two reloads) never takes a spare twice. An inactive table that appends to the live one and stays
 * unchanged for the leftover age (60 s unless set) is taken for a grow a crash cut off, and is cleared.
 */
public final class LinearSegmentGrower implements PoolGrower {
    private static final System.Logger LOG = System.getLogger(LinearSegmentGrower.class.getName());
    private static final Duration DEFAULT_LEFTOVER_AGE = Duration.ofSeconds(60);

    private final DeviceMapper dm;
    private final DeviceRef linear;
    private final List<Spare> spares;
    private final LeftoverTable leftover;

    /**
     * A piece of a block device the grower may append.
     *
     * @param offsetSectors where the piece starts on the device
     * @param lengthSectors how long it is
     */
    public record Spare(DeviceNumber device, long offsetSectors, long lengthSectors) {
        public Spare {
            if (device == null || offsetSectors < 0 || lengthSectors <= 0) {
                throw new InvalidInputException("spare segment needs a device, an offset >= 0 and a length > 0, got "
                        + device + " " + offsetSectors + " " + lengthSectors);
            }
        }

        /** All of the block device {@code node}. */
        public static Spare wholeDevice(Path node) {
            DeviceNumber number = BlockDevices.number(node);
            return new Spare(number, 0, BlockDevices.sizeSectors(number));
        }

        boolean isIn(TableLine line) {
            Target target = Targets.parse(line);
            return target instanceof LinearTarget l && l.offset() == offsetSectors
                    && Devices.number(l.device()).equals(device);
        }
    }

    private LinearSegmentGrower(DeviceMapper dm, DeviceRef linear, List<Spare> spares, Duration leftoverAge) {
        this.dm = dm;
        this.linear = linear;
        this.spares = List.copyOf(spares);
        this.leftover = new LeftoverTable(leftoverAge, LinearSegmentGrower::appendsTo, table -> LOG.log(
                System.Logger.Level.WARNING, "cleared the inactive table a cut-off grow of {0} left behind: {1}", linear, table));
    }

    /** Grows {@code linear} (a dm device whose table is linear segments) with {@code spares}, in their order. */
    public static LinearSegmentGrower of(DeviceMapper dm, DeviceRef linear, List<Spare> spares) {
        if (dm == null || linear == null || spares == null || spares.isEmpty()) {
            throw new InvalidInputException("linear-segment grower: a device mapper, a device and spares are required");
        }
        return new LinearSegmentGrower(dm, linear, spares, DEFAULT_LEFTOVER_AGE);
    }

    /** This grower, clearing an inactive table left behind by a cut-off grow once it is {@code age} old. */
    public LinearSegmentGrower withLeftoverTableAge(Duration age) {
        if (age == null || age.isNegative() || age.isZero()) {
            throw new InvalidInputException("linear-segment grower: the leftover table age must be positive, got " + age);
        }
        return new LinearSegmentGrower(dm, linear, spares, age);
    }

    /** A grow's table: the live lines, then more. */
    private static boolean appendsTo(Table live, Table inactive) {
        List<TableLine> next = inactive.lines();
        return next.size() >= live.lines().size() && next.subList(0, live.lines().size()).equals(live.lines());
    }

    @Override
    public synchronized Growth grow(Request request) {
        DeviceNumber own = dm.info(linear).number();
        DeviceNumber asked = Devices.number(request.device());
        if (!own.equals(asked)) {
            throw new InvalidInputException("the pool's " + request.space() + " device is " + asked + ", not "
                    + linear + " (" + own + ") that this grower extends");
        }
        Table table = dm.table(linear).table();
        long length = table.sectors();
        if (length >= request.wantedSectors()) {
            return new Growth.DeviceGrown(length);
        }
        List<TableLine> lines = new ArrayList<>(table.lines());
        long end = length;
        for (Spare spare : spares) {
            if (end >= request.wantedSectors()) {
                break;
            }
            if (table.lines().stream().noneMatch(spare::isIn)) {
                LinearTarget segment = LinearTarget.of(BlockDev.of(spare.device()), spare.offsetSectors());
                lines.add(TableLine.of(end, spare.lengthSectors(), LinearTarget.TYPE, segment.format()));
                end += spare.lengthSectors();
            }
        }
        if (end < request.wantedSectors()) {
            throw new IllegalStateException("not enough spare space for " + linear + ": it could reach " + end
                    + " sectors, the pool needs " + request.wantedSectors());
        }
        TableSwap.replace(dm, linear, new Table(lines), SuspendOptions.defaults(), leftover);
        return new Growth.DeviceGrown(end);
    }

    @Override
    public String toString() {
        return "linear-segment grower of " + linear;
    }
}
