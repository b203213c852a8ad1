package io.jdm.cli;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.internal.Decimal;
import io.jdm.targets.BlockDev;
import io.jdm.targets.Target;
import io.jdm.targets.TargetTable;
import io.jdm.targets.Targets;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.ThinTarget;
import io.jdm.targets.message.ThinPool;
import io.jdm.thin.ThinPoolSetup;
import io.jdm.thin.VolumeException;
import io.jdm.thin.metadata.ThinMetadataException;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code thin pool|create|snap|delete|usage|monitor ...}: thin-pool work that with dmsetup needs hand-written
 * tables and message strings, expressed through dm-targets' typed values ({@link ThinPoolTarget},
 * {@link ThinTarget}, {@link ThinPool}). The pool's data device size is read from sysfs; ids are the caller's.
 * {@code monitor} runs dm-thin's pool monitor in the foreground ({@link ThinMonitor}).
 */
final class ThinCommand extends BaseCommand {
    static final String USAGE = "pool [--wipe] <pool> <metadata_dev|file> <data_dev|file> [<block_sectors>]"
            + "  (zeroed metadata: a new pool; a pool's metadata: that pool again; anything else only with --wipe,"
            + " which destroys it; a file goes on an auto-clearing loop device)\n"
            + "\tthin create <pool> <id> <name> <size>  (size: <n>s sectors, or <n>K|M|G|T)\n"
            + "\tthin snap <pool> <origin> <id> <name>\n"
            + "\tthin delete <pool> <id>\n"
            + "\tthin usage <pool>\n"
            + "\tthin monitor <pool> [--threshold <50..100>] [--percent <n>] [--max-size <size>]\n"
            + "\t\t[--metadata-threshold <50..100>] [--metadata-percent <n>] [--period <seconds>] [--no-events]\n"
            + "\t\t[--exit-after-extend <n>] [--json]  (grows loop files and LVM pools as they fill;"
            + " default 80% full, +20%, every 10 s)";

    ThinCommand() {
        super("thin", USAGE, 2, 5);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) throws InterruptedException {
        List<String> a = inv.args();
        String verb = a.getFirst();
        int expected = switch (verb) {
            case "pool" -> a.size() == 5 ? 5 : 4;
            case "create", "snap" -> 5;
            case "delete" -> 3;
            case "usage", "monitor" -> 2;
            default -> throw new UsageException("thin: unknown verb '" + verb + "' (pool, create, snap, delete, usage, monitor)", false);
        };
        if (a.size() != expected) {
            throw new UsageException("thin " + verb + ": wrong number of arguments; usage: thin "
                    + USAGE.lines().filter(l -> l.replace("\tthin ", "").startsWith(verb)).findFirst().orElse("")
                    .replace("\tthin ", ""), false);
        }
        if (verb.equals("monitor")) {
            MonitorSettings settings = MonitorSettings.parse(inv.options()); // bad input fails before the kernel
            return ThinMonitor.run(ctx, a.get(1), settings);
        }
        DeviceRef pool = Devices.ref(inv, a.get(1));
        switch (verb) {
            case "pool" -> pool(ctx, a, inv.has("wipe"));
            case "create" -> create(ctx, pool, number(a.get(2), "thin id"), a.get(3), sizeSectors(a.get(4)));
            case "snap" -> snap(ctx, pool, a.get(2), number(a.get(3), "thin id"), a.get(4));
            case "delete" -> ThinPool.of(ctx.dm(), pool).delete(number(a.get(2), "thin id"));
            case "usage" -> ctx.out().println(usage(ctx, pool));
            default -> throw new IllegalStateException(verb);
        }
        return Cli.OK;
    }

    /**
     * {@link ThinPoolSetup}: refuses a taken name before touching anything, puts image files on auto-clear
     * loop devices, and lets {@link io.jdm.thin.metadata.PoolMetadataDevice} decide, with the metadata
     * device held exclusively, whether the kernel formats new metadata or reopens the pool that is there;
     * only {@code --wipe} overwrites what it holds.
     */
    private static void pool(CliContext ctx, List<String> a, boolean wipe) {
        long blockSectors = a.size() == 5 ? number(a.get(4), "block size") : ThinPoolTarget.MIN_BLOCK_SIZE;
        DeviceName name = DeviceName.of(a.get(1));
        ThinPoolSetup.Spec spec = ThinPoolSetup.Spec.of(Path.of(a.get(2)), Path.of(a.get(3))).withBlockSectors(blockSectors);
        ThinPoolSetup.Result result;
        try {
            result = ThinPoolSetup.activate(ctx.dm(), name, spec, wipe);
        } catch (ThinMetadataException | VolumeException e) {
            throw new CommandFailedException("thin pool: " + e.getMessage());
        }
        if (result.reopened()) {
            ctx.err().println("thin pool: " + name.value() + " reopened with the pool already in " + a.get(2)
                    + " (its thin volumes are kept; --wipe makes a new, empty pool)");
        }
    }

    private static void create(CliContext ctx, DeviceRef pool, long id, String name, long sectors) {
        ThinPool thinPool = ThinPool.of(ctx.dm(), pool);
        ThinTarget thin = ThinTarget.of(BlockDev.of(ctx.dm().info(pool).number()), id);
        thinPool.createThin(id);
        activate(ctx, thinPool, thin, name, sectors);
    }

    /**
     * A snapshot of a thin volume of this pool: {@link ThinPool#createSnap(long, long, DeviceRef)}
     * suspends the origin around the message when it is live, then the snapshot is activated.
     */
    private static void snap(CliContext ctx, DeviceRef pool, String origin, long id, String name) {
        DeviceInfo poolInfo = ctx.dm().info(pool);
        DeviceRef originRef = Devices.ref(null, origin);
        var lines = Targets.of(ctx.dm().table(originRef).table());
        Target only = lines.size() == 1 ? lines.getFirst().target() : null;
        if (!(only instanceof ThinTarget originThin)) {
            throw new CommandFailedException("thin snap: " + origin + " is not a thin volume (its table is not one thin target)");
        }
        BlockDev poolDev = BlockDev.of(poolInfo.number());
        if (!originThin.pool().equals(poolDev)) {
            throw new CommandFailedException("thin snap: " + origin + " is a volume of the pool " + originThin.pool()
                    + ", not of " + poolInfo.name() + " (" + poolDev + ")");
        }
        ThinPool thinPool = ThinPool.of(ctx.dm(), pool);
        thinPool.createSnap(id, originThin.deviceId(), originRef);
        activate(ctx, thinPool, ThinTarget.of(poolDev, id), name, lines.getFirst().length());
    }

    private static void activate(CliContext ctx, ThinPool pool, ThinTarget thin, String name, long sectors) {
        try {
            ctx.dm().createWithTable(DeviceName.of(name), TargetTable.builder().add(sectors, thin).build().table());
        } catch (RuntimeException e) {
            try {
                pool.delete(thin.deviceId());
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    static String usage(CliContext ctx, DeviceRef pool) {
        ThinPoolTarget target = poolTarget(ctx, pool, "thin usage");
        return PoolUsage.describe(ThinPool.of(ctx.dm(), pool).status(), target.dataBlockSize());
    }

    /** The pool's live thin-pool target; refused when its live table is anything else. */
    static ThinPoolTarget poolTarget(CliContext ctx, DeviceRef pool, String where) {
        var lines = Targets.of(ctx.dm().table(pool).table());
        if (lines.size() != 1 || !(lines.getFirst().target() instanceof ThinPoolTarget target)) {
            throw new CommandFailedException(where + ": " + pool + " is not a thin pool");
        }
        return target;
    }

    /** {@code 100s} or {@code 100} sectors; {@code 64K}, {@code 1G} etc. in binary units (whole sectors). */
    static long sizeSectors(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'S' -> 1;
            case 'K' -> 2;
            case 'M' -> 2L * 1024;
            case 'G' -> 2L * 1024 * 1024;
            case 'T' -> 2L * 1024 * 1024 * 1024;
            default -> 0;
        };
        long n = number(unit == 0 ? t : t.substring(0, t.length() - 1), "size");
        long sectors;
        try {
            sectors = Math.multiplyExact(n, unit == 0 ? 1 : unit);
        } catch (ArithmeticException e) {
            throw new CommandFailedException("size is too large: " + text);
        }
        if (sectors <= 0) {
            throw new CommandFailedException("size must be positive: " + text);
        }
        return sectors;
    }

    /** {@link #sizeSectors} in bytes, for APIs that count bytes. */
    static long sizeBytes(String text) {
        try {
            return Math.multiplyExact(sizeSectors(text), 512L);
        } catch (ArithmeticException e) {
            throw new CommandFailedException("size is too large: " + text);
        }
    }

    /** A decimal number of ASCII digits, as the kernel reads them. */
    static long number(String text, String what) {
        long v = Decimal.parse(text);
        if (v < 0) {
            throw new CommandFailedException("invalid " + what + ": '" + text + "'");
        }
        return v;
    }
}
