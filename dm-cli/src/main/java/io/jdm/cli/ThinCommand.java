package io.jdm.cli;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.Table;
import io.jdm.api.TableLine;

import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code thin pool|create|snap|delete|usage ...}: thin-pool work that with dmsetup needs hand-written
 * tables and message strings. The pool's data device size is read from sysfs; ids are the caller's.
 */
final class ThinCommand extends BaseCommand {
    static final String USAGE = "pool <pool> <metadata_dev|file> <data_dev|file> [<block_sectors>]"
            + "  (metadata's first 4 KiB zeroed: a new pool; a file goes on an auto-clearing loop device)\n"
            + "\tthin create <pool> <id> <name> <size>  (size: <n>s sectors, or <n>K|M|G|T)\n"
            + "\tthin snap <pool> <origin> <id> <name>\n"
            + "\tthin delete <pool> <id>\n"
            + "\tthin usage <pool>";

    ThinCommand() {
        super("thin", USAGE, 2, 5);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        List<String> a = inv.args();
        String verb = a.getFirst();
        int expected = switch (verb) {
            case "pool" -> a.size() == 5 ? 5 : 4;
            case "create", "snap" -> 5;
            case "delete" -> 3;
            case "usage" -> 2;
            default -> throw new UsageException("thin: unknown verb '" + verb + "' (pool, create, snap, delete, usage)", false);
        };
        if (a.size() != expected) {
            throw new UsageException("thin " + verb + ": wrong number of arguments; usage: thin "
                    + USAGE.lines().filter(l -> l.replace("\tthin ", "").startsWith(verb)).findFirst().orElse("")
                    .replace("\tthin ", ""), false);
        }
        DeviceRef pool = Devices.ref(inv, a.get(1));
        switch (verb) {
            case "pool" -> pool(ctx, a);
            case "create" -> create(ctx, pool, thinId(a.get(2)), a.get(3), sizeSectors(a.get(4)));
            case "snap" -> snap(ctx, pool, a.get(2), thinId(a.get(3)), a.get(4));
            case "delete" -> ctx.dm().message(pool, 0, "delete " + thinId(a.get(2)));
            case "usage" -> ctx.out().println(usage(ctx, pool));
            default -> throw new IllegalStateException(verb);
        }
        return Cli.OK;
    }

    private static void pool(CliContext ctx, List<String> a) {
        long blockSectors = a.size() == 5 ? parseLong(a.get(4), "block size") : 128;
        if (blockSectors < 128 || blockSectors > 2097152 || blockSectors % 128 != 0) {
            throw new CommandFailedException("thin pool: block size must be a multiple of 128 sectors (64 KiB), "
                    + "from 128 to 2097152; got " + blockSectors);
        }
        List<LoopDevice> attached = new ArrayList<>();
        try {
            String meta = blockDeviceFor(a.get(2), attached);
            String data = blockDeviceFor(a.get(3), attached);
            long dataSectors = ctx.host().sizeSectors(data).orElseThrow(() ->
                    new CommandFailedException("thin pool: cannot read the size of " + data + " (not a block device?)"));
            long usable = dataSectors / blockSectors * blockSectors;
            if (usable == 0) {
                throw new CommandFailedException("thin pool: " + data + " is smaller than one block");
            }
            zeroSuperblock(meta);
            ctx.dm().createWithTable(DeviceName.of(a.get(1)),
                    Table.of(usable, "thin-pool", meta + " " + data + " " + blockSectors + " 0"));
        } finally {
            // Unused (the pool failed), a loop detaches now; used by the pool, the kernel only marks it
            // auto-clear and detaches it when the pool, its last user, is removed.
            attached.forEach(ThinCommand::detachQuietly);
        }
    }

    /**
     * A regular file goes on a loop device (auto-clear, so it lives exactly as long as the pool uses it);
     * anything else is taken as a block device.
     */
    private static String blockDeviceFor(String arg, List<LoopDevice> attached) {
        Path path = Path.of(arg);
        if (!Files.isRegularFile(path)) {
            return arg;
        }
        LoopDevice loop = LoopControl.attach(path);
        attached.add(loop);
        return loop.path().toString();
    }

    /** The kernel formats the metadata when its superblock is all zeros; stale metadata would be adopted. */
    private static void zeroSuperblock(String metadataDevice) {
        try (FileChannel ch = FileChannel.open(Path.of(metadataDevice), StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(4096);
            while (zeros.hasRemaining()) {
                ch.write(zeros, zeros.position());
            }
            ch.force(true);
        } catch (IOException e) {
            throw new CommandFailedException("thin pool: cannot zero the metadata superblock of " + metadataDevice
                    + ": " + e.getMessage());
        }
    }

    private static void detachQuietly(LoopDevice loop) {
        try {
            loop.close();
        } catch (RuntimeException e) {
            // attached with auto-clear: it still goes once nothing holds it
        }
    }

    /** create_thin, then the device; if the device cannot be made the id is deleted again. */
    private static void create(CliContext ctx, DeviceRef pool, long id, String name, long sectors) {
        DeviceInfo p = ctx.dm().info(pool);
        ctx.dm().message(pool, 0, "create_thin " + id);
        activate(ctx, pool, p, id, name, sectors);
    }

    /** Suspends an active origin around create_snap (the kernel needs its I/O quiesced), then activates the snapshot. */
    private static void snap(CliContext ctx, DeviceRef pool, String origin, long id, String name) {
        DeviceInfo p = ctx.dm().info(pool);
        DeviceRef originRef = Devices.ref(null, origin);
        TableLine line = ctx.dm().table(originRef).table().lines().stream().filter(l -> l.type().equals("thin"))
                .findFirst().orElseThrow(() -> new CommandFailedException("thin snap: " + origin + " is not a thin volume"));
        long originId = parseLong(line.params().strip().split("\\s+")[1], "origin thin id");
        ctx.dm().suspend(originRef);
        try {
            ctx.dm().message(pool, 0, "create_snap " + id + " " + originId);
        } finally {
            ctx.dm().resume(originRef);
        }
        activate(ctx, pool, p, id, name, line.length());
    }

    private static void activate(CliContext ctx, DeviceRef pool, DeviceInfo p, long id, String name, long sectors) {
        try {
            ctx.dm().createWithTable(DeviceName.of(name), Table.of(sectors, "thin", p.number() + " " + id));
        } catch (RuntimeException e) {
            try {
                ctx.dm().message(pool, 0, "delete " + id);
            } catch (RuntimeException ignored) {
                // the first failure is the one to report
            }
            throw e;
        }
    }

    static String usage(CliContext ctx, DeviceRef pool) {
        var table = ctx.dm().table(pool).table();
        if (table.isEmpty() || !table.lines().getFirst().type().equals("thin-pool")) {
            throw new CommandFailedException("thin usage: " + pool + " is not a thin pool");
        }
        long blockSectors = parseLong(table.lines().getFirst().params().strip().split("\\s+")[2], "block size");
        String text = ctx.dm().status(pool).targets().getFirst().text();
        return PoolStatus.parse(text).map(s -> s.describe(blockSectors)).orElse("pool status: " + text);
    }

    static long thinId(String text) {
        long id = parseLong(text, "thin id");
        if (id > 0xFFFFFF) {
            throw new CommandFailedException("thin id " + id + " is over 24 bits (max 16777215)");
        }
        return id;
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
        long n = parseLong(unit == 0 ? t : t.substring(0, t.length() - 1), "size");
        long sectors = Math.multiplyExact(n, unit == 0 ? 1 : unit);
        if (sectors <= 0) {
            throw new CommandFailedException("size must be positive: " + text);
        }
        return sectors;
    }

    private static long parseLong(String text, String what) {
        try {
            long v = Long.parseLong(text);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new CommandFailedException("invalid " + what + ": '" + text + "'");
        }
    }
}
