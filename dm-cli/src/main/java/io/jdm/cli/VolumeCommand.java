package io.jdm.cli;

import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.ioctl.mount.MountException;
import io.jdm.ioctl.mount.MountOptions;
import io.jdm.thin.PoolAudit;
import io.jdm.thin.Recovery;
import io.jdm.thin.Volume;
import io.jdm.thin.VolumeException;
import io.jdm.thin.VolumeId;
import io.jdm.thin.VolumeSet;
import io.jdm.thin.VolumeSetOptions;
import io.jdm.thin.VolumeStateException;
import io.jdm.thin.fs.FilesystemException;
import io.jdm.thin.fs.FilesystemType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code volume --pool <pool> --state <dir> <verb> ...}: named thin volumes of one pool through
 * dm-thin's {@link VolumeSet}, whose records live in the state directory. Each run checks its
 * arguments, opens the set (which finishes a change a crash interrupted and deletions that were
 * deferred), does one thing and closes it. The set is opened with {@code releaseOnClose=false}: what
 * {@code activate} activates stays active after the command ends, until {@code deactivate} or
 * {@code rm}, and what {@code mount} mounts stays mounted until {@code umount}.
 */
final class VolumeCommand extends BaseCommand {
    /** {@code audit} found the records and the pool disagreeing (1 stays "the command failed"). */
    static final int NOT_CLEAN = 2;

    private static final String COMMON = "--pool <pool> --state <dir> ";
    static final String USAGE = COMMON + "create <id> <size>  (size: <n>s sectors, or <n>K|M|G|T)\n"
            + "\tvolume " + COMMON + "snap <id> <parent>\n"
            + "\tvolume " + COMMON + "rm <id>  (prints removed, or deferred while the volume is open)\n"
            + "\tvolume " + COMMON + "activate <id>  (prints the device; it stays active)\n"
            + "\tvolume " + COMMON + "deactivate <id>\n"
            + "\tvolume " + COMMON + "ls [--json] [--noheadings] [--separator <separator>]\n"
            + "\tvolume " + COMMON + "info <id> [--json]\n"
            + "\tvolume " + COMMON + "audit [--json]  (exit status " + NOT_CLEAN + " when records and pool disagree)\n"
            + "\tvolume " + COMMON + "usage [--json]\n"
            + "\tvolume " + COMMON + "mkfs <id> ext4|xfs  (prints the filesystem's UUID; refused over an existing filesystem)\n"
            + "\tvolume " + COMMON + "mount <id> <dir> [-o <mount_options>]  (activates it; it stays mounted)\n"
            + "\tvolume " + COMMON + "umount <id>  (unmounts and deactivates it)";

    /** The verbs and their argument counts after the verb. */
    private static final Map<String, Integer> VERBS = Map.ofEntries(Map.entry("create", 2), Map.entry("snap", 2),
            Map.entry("rm", 1), Map.entry("activate", 1), Map.entry("deactivate", 1), Map.entry("ls", 0), Map.entry("info", 1),
            Map.entry("audit", 0), Map.entry("usage", 0), Map.entry("mkfs", 2), Map.entry("mount", 2), Map.entry("umount", 1));

    VolumeCommand() {
        super("volume", USAGE, 1, 3);
    }

    /** What one run does once its arguments are checked. */
    private interface Action {
        int run(VolumeSet set, CliContext ctx);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        List<String> a = inv.args();
        String verb = a.getFirst();
        Integer expected = VERBS.get(verb);
        if (expected == null) {
            throw new UsageException("volume: unknown verb '" + verb
                    + "' (create, snap, rm, activate, deactivate, ls, info, audit, usage, mkfs, mount, umount)", false);
        }
        if (a.size() - 1 != expected) {
            throw new UsageException("volume " + verb + ": wrong number of arguments; usage: volume "
                    + synopsisOf(verb), false);
        }
        String where = "volume " + verb;
        String poolName = required(inv, "pool", verb);
        DeviceRef pool = Devices.ref(null, poolName);
        Path stateDir = Path.of(required(inv, "state", verb));
        Action action;
        try {
            action = action(verb, a.subList(1, a.size()), inv);
        } catch (InvalidInputException | CommandFailedException e) {
            // a bad id or size: refused before the pool or the state directory are touched
            throw new CommandFailedException(where + ": " + e.getMessage());
        }
        VolumeSet set;
        try {
            set = VolumeSet.open(ctx.dm(), pool, stateDir, VolumeSetOptions.defaults().withReleaseOnClose(false));
        } catch (NoSuchDeviceException e) {
            throw new CommandFailedException(where + ": no device named " + poolName + " (the thin pool)");
        } catch (VolumeException | VolumeStateException | InvalidInputException | FilesystemException e) {
            // open checks base volumes' filesystems too
            throw new CommandFailedException(where + ": " + e.getMessage());
        }
        try (set) {
            reportRecovery(ctx, set.recovery());
            return action.run(set, ctx);
        } catch (VolumeException | VolumeStateException | InvalidInputException | MountException | FilesystemException e) {
            throw new CommandFailedException(where + ": " + e.getMessage());
        }
    }

    /** Parses the verb's arguments, so that bad input fails before anything is opened. */
    private static Action action(String verb, List<String> args, Invocation inv) {
        boolean json = inv.has("json");
        return switch (verb) {
            case "create" -> {
                VolumeId id = VolumeId.of(args.get(0));
                long bytes = ThinCommand.sizeBytes(args.get(1));
                yield (set, ctx) -> {
                    set.create(id, bytes);
                    return Cli.OK;
                };
            }
            case "snap" -> {
                VolumeId id = VolumeId.of(args.get(0));
                VolumeId parent = VolumeId.of(args.get(1));
                yield (set, ctx) -> {
                    set.snapshot(id, parent);
                    return Cli.OK;
                };
            }
            case "rm" -> {
                VolumeId id = VolumeId.of(args.get(0));
                yield (set, ctx) -> {
                    VolumeSet.Removal removal = set.remove(id);
                    ctx.out().println(removal == VolumeSet.Removal.REMOVED ? "removed" : "deferred");
                    if (removal == VolumeSet.Removal.DEFERRED) {
                        ctx.out().flush();
                        ctx.err().println("volume rm: " + id + " is open: its device goes when the last user closes it,"
                                + " and its thin id is freed by the next volume command after that");
                    }
                    return Cli.OK;
                };
            }
            case "activate" -> {
                VolumeId id = VolumeId.of(args.get(0));
                yield (set, ctx) -> {
                    ctx.out().println(set.activate(id));
                    return Cli.OK;
                };
            }
            case "deactivate" -> {
                VolumeId id = VolumeId.of(args.get(0));
                yield (set, ctx) -> {
                    set.deactivate(id);
                    return Cli.OK;
                };
            }
            case "mkfs" -> {
                VolumeId id = VolumeId.of(args.get(0));
                FilesystemType type = filesystemType(args.get(1));
                yield (set, ctx) -> {
                    ctx.out().println(set.makeFilesystem(id, type).uuid());
                    return Cli.OK;
                };
            }
            case "mount" -> {
                VolumeId id = VolumeId.of(args.get(0));
                Path target = Path.of(args.get(1)).toAbsolutePath();
                String options = inv.options().value("options").orElse("");
                MountOptions.parse(options);
                if (!java.nio.file.Files.isDirectory(target)) {
                    throw new InvalidInputException("the mount point " + target + " is not a directory");
                }
                yield (set, ctx) -> {
                    set.mount(id, target, options);
                    return Cli.OK;
                };
            }
            case "umount" -> {
                VolumeId id = VolumeId.of(args.get(0));
                yield (set, ctx) -> {
                    set.unmount(id); // the set adopted the mount an earlier command made
                    return Cli.OK;
                };
            }
            case "ls" -> {
                boolean headings = !inv.has("noheadings");
                String separator = inv.options().value("separator").orElse(null);
                yield (set, ctx) -> {
                    List<Volume> all = set.list();
                    ctx.out().print(json ? Json.write(all.stream().map(VolumeCommand::json).toList()) + "\n"
                            : all.isEmpty() ? "No volumes\n" : table(all, headings, separator));
                    return Cli.OK;
                };
            }
            case "info" -> {
                VolumeId id = VolumeId.of(args.get(0));
                yield (set, ctx) -> {
                    Volume v = set.info(id);
                    ctx.out().print(json ? Json.write(json(v)) + "\n" : text(v));
                    return Cli.OK;
                };
            }
            case "audit" -> (set, ctx) -> {
                PoolAudit audit = set.audit();
                ctx.out().print(json ? Json.write(json(audit)) + "\n" : text(audit));
                return audit.clean() ? Cli.OK : NOT_CLEAN;
            };
            case "usage" -> (set, ctx) -> {
                io.jdm.thin.PoolUsage usage = set.usage();
                ctx.out().print(json ? Json.write(json(usage)) + "\n" : text(usage));
                return Cli.OK;
            };
            default -> throw new IllegalStateException(verb);
        };
    }

    private static FilesystemType filesystemType(String name) {
        for (FilesystemType t : FilesystemType.values()) {
            if (t.mountType().equals(name)) {
                return t;
            }
        }
        throw new InvalidInputException("unknown filesystem type '" + name + "' (ext4, xfs)");
    }

    private static String required(Invocation inv, String option, String verb) {
        return inv.options().value(option).filter(v -> !v.isEmpty()).orElseThrow(() -> new UsageException(
                "volume " + verb + ": --" + option + " is required; usage: volume " + synopsisOf(verb), false));
    }

    private static String synopsisOf(String verb) {
        return USAGE.lines().map(l -> l.replace("\tvolume ", ""))
                .filter(l -> l.startsWith(COMMON + verb + " ") || l.equals(COMMON + verb)).findFirst().orElse("");
    }

    /** Repairs made while opening, which a crash or a deferred removal left to this run. */
    private static void reportRecovery(CliContext ctx, Recovery r) {
        r.intent().ifPresent(i -> ctx.err().println("volume: finished an interrupted change: " + i));
        if (!r.resumed().isEmpty()) {
            ctx.err().println("volume: resumed devices a crash left suspended: " + String.join(", ", r.resumed()));
        }
        if (!r.deletesFinished().isEmpty()) {
            ctx.err().println("volume: finished the deferred removal of " + String.join(", ",
                    r.deletesFinished().stream().map(VolumeId::value).toList()));
        }
    }

    // ---- output: pure functions of dm-thin's records, so the host's tests check them --------------------

    static String table(List<Volume> volumes, boolean headings, String separator) {
        Report report = new Report(List.of(new Report.Column("ID", 0, false), new Report.Column("THIN_ID", 0, true),
                new Report.Column("SIZE", 0, true), new Report.Column("MAPPED", 0, true),
                new Report.Column("STATE", 0, false), new Report.Column("DEVICE", 0, false)));
        for (Volume v : volumes) {
            report.add(List.of(v.id().value(), Integer.toString(v.thinId()), Sizes.bytes(v.virtualSize()),
                    Sizes.bytes(v.mappedBytes()), v.state().name(), v.device().map(Path::toString).orElse("-")));
        }
        return report.render(headings, separator);
    }

    static String text(Volume v) {
        return "Volume:      " + v.id() + "\n"
                + "Thin id:     " + v.thinId() + "\n"
                + "Parent:      " + v.parent().map(VolumeId::value).orElse("-") + "\n"
                + "Size:        " + Sizes.bytes(v.virtualSize()) + " (" + v.virtualSize() + " bytes)\n"
                + "Mapped:      " + Sizes.bytes(v.mappedBytes()) + " (" + v.mappedBytes() + " bytes)\n"
                + "State:       " + v.state() + "\n"
                + "Device:      " + v.device().map(Path::toString).orElse("-") + "\n"
                + "Filesystem:  " + v.filesystem().map(f -> f.type().mountType() + " " + f.uuid()).orElse("-") + "\n"
                + "Mount point: " + v.mountPoint().map(Path::toString).orElse("-") + "\n";
    }

    static Map<String, Object> json(Volume v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id().value());
        m.put("thin_id", v.thinId());
        m.put("parent", v.parent().map(VolumeId::value).orElse(null));
        m.put("virtual_size", v.virtualSize());
        m.put("mapped_bytes", v.mappedBytes());
        m.put("state", v.state().name());
        m.put("device", v.device().map(Path::toString).orElse(null));
        m.put("mount_point", v.mountPoint().map(Path::toString).orElse(null));
        m.put("filesystem", v.filesystem().map(f -> f.type().mountType()).orElse(null));
        m.put("filesystem_uuid", v.filesystem().map(f -> f.uuid().toString()).orElse(null));
        return m;
    }

    static String text(PoolAudit a) {
        List<String> orphans = new ArrayList<>();
        a.orphanThinIds().forEach((id, blocks) -> orphans.add(id + " (" + blocks + " data blocks mapped)"));
        return "Pool transaction id:     " + a.poolTransactionId() + "\n"
                + "Recorded transaction id: " + a.recordedTransactionId()
                + (a.poolTransactionId() == a.recordedTransactionId() ? "" : " (differs: the pool was changed outside this set)") + "\n"
                + "Orphan thin ids:         " + (orphans.isEmpty() ? "none" : String.join(", ", orphans)) + "\n"
                + "Lost volumes:            " + (a.lostVolumes().isEmpty() ? "none"
                : String.join(", ", a.lostVolumes().stream().map(VolumeId::value).toList())) + "\n"
                + (a.clean() ? "clean" : "NOT CLEAN") + "\n";
    }

    static Map<String, Object> json(PoolAudit a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clean", a.clean());
        m.put("pool_transaction_id", a.poolTransactionId());
        m.put("recorded_transaction_id", a.recordedTransactionId());
        List<Object> orphans = new ArrayList<>();
        a.orphanThinIds().forEach((id, blocks) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("thin_id", id);
            o.put("mapped_blocks", blocks);
            orphans.add(o);
        });
        m.put("orphan_thin_ids", orphans);
        m.put("lost_volumes", a.lostVolumes().stream().map(VolumeId::value).toList());
        return m;
    }

    static String text(io.jdm.thin.PoolUsage u) {
        return "data " + Sizes.bytes(u.usedDataBytes()) + " of " + Sizes.bytes(u.totalDataBytes()) + " used ("
                + Sizes.percent(u.usedDataBytes(), u.totalDataBytes()) + "), metadata " + Sizes.bytes(u.usedMetadataBytes())
                + " of " + Sizes.bytes(u.totalMetadataBytes()) + " used (" + Sizes.percent(u.usedMetadataBytes(), u.totalMetadataBytes())
                + "), mode " + u.mode() + ", transaction " + u.transactionId() + (u.needsCheck() ? ", NEEDS CHECK" : "") + "\n";
    }

    static Map<String, Object> json(io.jdm.thin.PoolUsage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("used_data_bytes", u.usedDataBytes());
        m.put("total_data_bytes", u.totalDataBytes());
        m.put("used_metadata_bytes", u.usedMetadataBytes());
        m.put("total_metadata_bytes", u.totalMetadataBytes());
        m.put("transaction_id", u.transactionId());
        m.put("mode", u.mode());
        m.put("needs_check", u.needsCheck());
        return m;
    }
}
