package io.jdm.thin;

import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.api.KernelException;
import io.jdm.api.ListedDevice;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.api.RemoveOptions;
import io.jdm.api.Table;
import io.jdm.ioctl.mount.MountEntry;
import io.jdm.ioctl.mount.MountException;
import io.jdm.ioctl.mount.MountOptions;
import io.jdm.ioctl.mount.Mounts;
import io.jdm.targets.BlockDev;
import io.jdm.targets.TargetTable;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.ThinTarget;
import io.jdm.targets.TypedLine;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.StatusResult;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.targets.status.ThinStatus;
import io.jdm.thin.fs.FilesystemId;
import io.jdm.thin.fs.FilesystemType;
import io.jdm.thin.fs.Filesystems;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The volumes of one thin pool, named by the caller and kept crash-safe: Docker's devicemapper
 * DeviceSet as a library. Volumes are thin devices of the pool; their records live in a state
 * directory the caller chooses, and every change is tied to the pool's transaction id (see
 * {@link Journal}) so that opening the set after a crash at any point finishes or undoes what was
 * under way, and finds drift between the records and the pool's own metadata ({@link #audit()}).
 *
 * <p>Thread-safe: operations are serialised. One opener per state directory, across processes.
 * {@link #close()} deactivates what this set activated (the data stays).
 */
public final class VolumeSet implements AutoCloseable {
    /** What {@link #remove} did. */
    public enum Removal {
        /** The thin device is deleted and its id free. */
        REMOVED,
        /** The volume was in use: it is marked deleted and goes when its last user lets go. */
        DEFERRED
    }

    private static final System.Logger LOG = System.getLogger(VolumeSet.class.getName());
    /** How long a thin id whose device just went may stay busy while the kernel tears the device down. */
    private static final Duration TEARDOWN_WAIT = Duration.ofSeconds(2);
    private static final Duration TEARDOWN_POLL = Duration.ofMillis(20);

    private final DeviceMapper dm;
    private final ThinPool pool;
    private final DeviceInfo poolInfo;
    private final long dataBlockBytes;
    private final VolumeSetOptions options;
    private final String prefix;
    private final Path stateDir;
    private final StateLock stateLock;
    private final VolumeRecords records;
    private final Journal journal;
    private final PoolContents.Reader contents;
    /** Thin ids the pool held at open that no record names: never handed out. */
    private final BitSet foreignThinIds = new BitSet();
    private final Set<VolumeId> activatedHere = new HashSet<>();
    /** Where this set mounted each volume, and how many callers asked for it (Docker's Get/Put). */
    private final Map<VolumeId, Mounted> mounts = new HashMap<>();
    private final ReentrantLock mutex = new ReentrantLock();
    private final ScheduledExecutorService retrier;
    private ScheduledFuture<?> retrying;
    private long txid;
    private Recovery recovery;
    private boolean closed;

    private record Mounted(Path target, int count) {
    }

    private VolumeSet(DeviceMapper dm, DeviceRef poolRef, DeviceInfo poolInfo, long dataBlockBytes, VolumeSetOptions options,
                      Path stateDir, StateLock stateLock, VolumeRecords records, Journal journal, PoolContents.Reader contents) {
        this.dm = dm;
        this.pool = ThinPool.of(dm, poolRef);
        this.poolInfo = poolInfo;
        this.dataBlockBytes = dataBlockBytes;
        this.options = options;
        this.prefix = options.devicePrefix().orElse(poolInfo.name().value());
        this.stateDir = stateDir;
        this.stateLock = stateLock;
        this.records = records;
        this.journal = journal;
        this.contents = contents;
        this.retrier = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jdm-volumes-" + poolInfo.name().value());
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the volumes of the live thin pool {@code pool}, kept in {@code stateDir}, with default options. */
    public static VolumeSet open(DeviceMapper dm, DeviceRef pool, Path stateDir) {
        return open(dm, pool, stateDir, VolumeSetOptions.defaults());
    }

    /**
     * Opens the volumes of the live thin pool {@code pool}, kept in {@code stateDir} (created if missing;
     * a new directory adopts the pool as it is, and the thin ids the pool already holds are never reused).
     * Finishes or undoes a change a crash interrupted, resumes the set's devices a crash left suspended,
     * and completes deferred deletions whose volumes are no longer in use.
     *
     * @throws VolumeStateException LOCKED when another opener holds the directory; CORRUPT when its files
     *                              are not jdm's or the pool's transaction id shows someone else changed it
     */
    public static VolumeSet open(DeviceMapper dm, DeviceRef pool, Path stateDir, VolumeSetOptions options) {
        Objects.requireNonNull(dm, "dm");
        Objects.requireNonNull(pool, "pool");
        return open(dm, pool, stateDir, options, PoolContents.Reader.ofMetadata(dm, pool));
    }

    static VolumeSet open(DeviceMapper dm, DeviceRef poolRef, Path stateDir, VolumeSetOptions options,
                          PoolContents.Reader contents) {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(options, "options");
        DeviceInfo poolInfo = dm.info(poolRef);
        ThinPoolTarget poolTable = poolTable(dm, poolRef);
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new VolumeStateException(VolumeStateException.Kind.IO, stateDir, "cannot create the state directory: " + e, e);
        }
        StateLock lock = StateLock.acquire(stateDir);
        try {
            VolumeSet set = new VolumeSet(dm, poolRef, poolInfo, poolTable.dataBlockSize() * 512, options, stateDir, lock,
                    VolumeRecords.load(stateDir), new Journal(stateDir), contents);
            try {
                set.recover();
            } catch (RuntimeException e) {
                set.retrier.shutdownNow();
                throw e;
            }
            return set;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static ThinPoolTarget poolTable(DeviceMapper dm, DeviceRef pool) {
        List<TypedLine> lines = TargetTable.of(dm.table(pool).table()).lines();
        if (lines.size() != 1 || !(lines.getFirst().target() instanceof ThinPoolTarget t)) {
            throw new InvalidInputException("device " + pool + " is not a thin pool: its live table is "
                    + (lines.isEmpty() ? "empty" : lines.stream().map(l -> l.start() + " " + l.length() + " " + l.target().type()
                    + " " + l.target().format()).toList()));
        }
        return t;
    }

    // ---- open: recovery -------------------------------------------------------------------------------

    private void recover() {
        // one listing for the whole pass: only records whose device name is present cost an info and a table
        Set<String> present = presentDeviceNames();
        List<String> resumed = resumeSuspended(present);
        Optional<Intent> open = journal.read();
        OptionalLong committed = journal.committedTxid();
        PoolContents held = contents.read();
        long poolTxid = held.transactionId();
        Optional<String> finished = Optional.empty();
        if (open.isPresent()) {
            Intent intent = open.get();
            Intent.Action action = intent.recover(poolTxid, held.holds(intent.thinId()));
            finish(intent, action);
            finished = Optional.of(intent.operation() + " of thin id " + intent.thinId() + " for " + intent.volume().id()
                    + ": " + action);
        } else if (committed.isPresent() && committed.getAsLong() != poolTxid) {
            throw new VolumeStateException(VolumeStateException.Kind.CORRUPT, stateLockDir(),
                    "the records match pool transaction id " + committed.getAsLong() + " but pool " + poolInfo.name()
                            + " is at " + poolTxid + ": the pool was changed by someone else", null);
        } else {
            txid = poolTxid;
            if (committed.isEmpty()) {
                journal.commit(txid);
            }
        }
        for (long id : held.mappedBlocksByThinId().keySet()) {
            if (records.all().values().stream().noneMatch(r -> r.thinId() == id)) {
                foreignThinIds.set((int) id);
            }
        }
        List<VolumeId> deleted = new ArrayList<>();
        for (VolumeRecord rec : List.copyOf(records.all().values())) {
            if (rec.state() == VolumeRecord.State.DELETE_PENDING && finishPendingDelete(rec)) {
                deleted.add(rec.id());
            }
        }
        checkBaseFilesystems(present);
        adoptMounts(present);
        recovery = new Recovery(finished, resumed, deleted);
        if (!recovery.nothingToDo()) {
            LOG.log(System.Logger.Level.INFO, "volume set of pool {0} ({1}): repaired at open: {2}", poolInfo.name(),
                    stateDir, recovery);
        }
        schedulePendingDeletes();
    }

    /**
     * As moby does at start: every base volume (no parent) with a recorded filesystem still holds it,
     * so a device reformatted or overwritten behind the set's back is found before anything mounts it.
     */
    private void checkBaseFilesystems(Set<String> present) {
        for (VolumeRecord rec : records.all().values()) {
            if (rec.state() != VolumeRecord.State.READY || rec.parent().isPresent() || rec.filesystem().isEmpty()) {
                continue;
            }
            whileActive(rec, ownDevice(rec, present).isPresent(), dev -> {
                requireFilesystem(rec, dev, rec.filesystem().get());
                return null;
            });
        }
    }

    /**
     * Mounts of the set's devices that an earlier owner made (a command-line tool, a process that
     * restarted) are taken over with one user each, so {@link #unmount} and {@link Volume#mountPoint()}
     * see them and {@link #close()} releases them like its own.
     */
    private void adoptMounts(Set<String> present) {
        List<MountEntry> all = null; // mountinfo is read once, and only when a volume is active
        for (VolumeRecord rec : records.all().values()) {
            if (rec.state() != VolumeRecord.State.READY) {
                continue;
            }
            Optional<DeviceInfo> dev = ownDevice(rec, present);
            if (dev.isPresent()) {
                if (all == null) {
                    all = Mounts.mounts();
                }
                DeviceNumber number = dev.get().number();
                all.stream().filter(m -> m.device().equals(number)).findFirst()
                        .ifPresent(m -> mounts.put(rec.id(), new Mounted(m.mountPoint(), 1)));
            }
        }
    }

    private Path stateLockDir() {
        return stateDir;
    }

    /** A crash between suspend and resume (a snapshot of an active volume) leaves the origin suspended. */
    private List<String> resumeSuspended(Set<String> present) {
        List<String> resumed = new ArrayList<>();
        for (VolumeRecord rec : records.all().values()) {
            Optional<DeviceInfo> dev = ownDevice(rec, present);
            if (dev.isPresent() && dev.get().suspended()) {
                dm.resume(dev.get().ref());
                resumed.add(dev.get().name().value());
            }
        }
        return resumed;
    }

    private void finish(Intent intent, Intent.Action action) {
        long from = intent.fromTxid();
        switch (action) {
            case ROLL_FORWARD -> {
                if (intent.operation() == Intent.Operation.DELETE) {
                    records.remove(intent.volume().id());
                } else {
                    records.put(intent.volume());
                }
                txid = from + 1;
            }
            case DELETE_THIN -> {
                pool.delete(intent.thinId());
                txid = from;
            }
            case COMMIT_AND_FORGET -> {
                pool.setTransactionId(from, from + 1);
                records.remove(intent.volume().id());
                txid = from + 1;
            }
            case DISCARD -> txid = from;
        }
        journal.commit(txid);
    }

    // ---- queries ---------------------------------------------------------------------------------------

    /** What opening this set repaired. */
    public Recovery recovery() {
        return recovery;
    }

    /** True when a volume of that id exists and is not being deleted. */
    public boolean exists(VolumeId id) {
        Objects.requireNonNull(id, "id");
        return locked(() -> records.get(id).filter(r -> r.state() == VolumeRecord.State.READY).isPresent());
    }

    /** The volume {@code id}, with its device if active and the data it maps. */
    public Volume info(VolumeId id) {
        Objects.requireNonNull(id, "id");
        return locked(() -> {
            VolumeRecord rec = records.get(id).orElseThrow(() -> notFound(id));
            Optional<DeviceInfo> dev = ownDevice(rec);
            long mapped = dev.isPresent() ? activeMappedBytes(dev.get()) : inactiveMappedBytes(contents.read(), rec);
            return volume(rec, dev, mapped);
        });
    }

    /** Every volume, in id order, deletions under way included (state DELETE_PENDING). */
    public List<Volume> list() {
        return locked(() -> {
            Set<String> present = presentDeviceNames();
            PoolContents held = null;
            List<Volume> out = new ArrayList<>();
            for (VolumeRecord rec : records.all().values()) {
                Optional<DeviceInfo> dev = ownDevice(rec, present);
                long mapped;
                if (dev.isPresent()) {
                    mapped = activeMappedBytes(dev.get());
                } else {
                    if (held == null) {
                        held = contents.read();
                    }
                    mapped = inactiveMappedBytes(held, rec);
                }
                out.add(volume(rec, dev, mapped));
            }
            return out;
        });
    }

    /** The pool's data and metadata space and transaction id, from its status. */
    public PoolUsage usage() {
        return locked(this::poolUsage);
    }

    /**
     * Compares the records with the thin ids the pool's own metadata holds (read through a metadata
     * snapshot). Changes nothing.
     */
    public PoolAudit audit() {
        return locked(() -> {
            PoolContents held = contents.read();
            TreeMap<Long, Long> orphans = new TreeMap<>(held.mappedBlocksByThinId());
            List<VolumeId> lost = new ArrayList<>();
            for (VolumeRecord rec : records.all().values()) {
                if (orphans.remove((long) rec.thinId()) == null) {
                    lost.add(rec.id());
                }
            }
            return new PoolAudit(held.transactionId(), txid, orphans, lost);
        });
    }

    // ---- changes ----------------------------------------------------------------------------------------

    /** Creates an empty thin volume of {@code virtualSize} bytes (a positive multiple of 512). */
    public VolumeRecord create(VolumeId id, long virtualSize) {
        return create(id, Optional.empty(), virtualSize);
    }

    /**
     * Creates {@code id} as a copy-on-write snapshot of {@code parent}, of the parent's size. An active
     * parent is suspended around the snapshot (so no write in flight is missed) and resumed on every path.
     */
    public VolumeRecord snapshot(VolumeId id, VolumeId parent) {
        Objects.requireNonNull(parent, "parent");
        long size = locked(() -> readyRecord(parent).virtualSize());
        return create(id, Optional.of(parent), size);
    }

    /**
     * Creates {@code id}: empty when {@code parent} is empty, else a snapshot of it; {@code virtualSize}
     * bytes (a positive multiple of 512, at most the options' maximum; a snapshot may differ from its parent).
     *
     * @throws InvalidInputException a size that is not valid, or an id too long for a device name with the prefix
     * @throws VolumeException       EXISTS, NOT_FOUND (the parent), NO_SPACE, POOL_NOT_WRITABLE, NO_THIN_ID
     */
    public VolumeRecord create(VolumeId id, Optional<VolumeId> parent, long virtualSize) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(parent, "parent");
        if (virtualSize <= 0 || virtualSize % 512 != 0) {
            throw new InvalidInputException("volume " + id + ": virtual size must be a positive multiple of 512 bytes, got " + virtualSize);
        }
        if (virtualSize > options.maxVirtualSize()) {
            throw new InvalidInputException("volume " + id + ": virtual size " + virtualSize + " is above the set's maximum "
                    + options.maxVirtualSize() + " bytes");
        }
        deviceName(id);
        return locked(() -> {
            if (records.get(id).isPresent()) {
                throw new VolumeException(VolumeException.Kind.EXISTS, id, "volume " + id + " exists"
                        + (records.get(id).get().state() == VolumeRecord.State.DELETE_PENDING ? " (its deletion is pending)" : ""));
            }
            Optional<VolumeRecord> origin = parent.map(this::readyRecord);
            requireSpace(id);
            for (int attempt = 0; ; attempt++) {
                int thinId = records.freeThinId(foreignThinIds).orElseThrow(() ->
                        new VolumeException(VolumeException.Kind.NO_THIN_ID, id, "all 2^24 thin ids of pool " + poolInfo.name() + " are taken"));
                // a snapshot holds its origin's filesystem, UUID and all
                VolumeRecord rec = new VolumeRecord(id, thinId, parent, virtualSize, VolumeRecord.State.READY,
                        origin.flatMap(VolumeRecord::filesystem));
                try {
                    commitCreate(rec, origin);
                    return rec;
                } catch (KernelException e) {
                    if (e.errnoName().equals("EEXIST") && attempt < 8) {
                        // created by someone else since open: never ours to reuse
                        foreignThinIds.set(thinId);
                        continue;
                    }
                    throw e;
                }
            }
        });
    }

    private void commitCreate(VolumeRecord rec, Optional<VolumeRecord> origin) {
        String op = origin.isPresent() ? "snapshot" : "create";
        journal.write(new Intent(txid, origin.isPresent() ? Intent.Operation.SNAPSHOT : Intent.Operation.CREATE, rec.thinId(), rec));
        Steps.reached(op + ".intent-written");
        try {
            if (origin.isEmpty()) {
                pool.createThin(rec.thinId());
            } else {
                Optional<DeviceInfo> active = ownDevice(origin.get());
                if (active.isPresent()) {
                    pool.createSnap(rec.thinId(), origin.get().thinId(), active.get().ref());
                } else {
                    pool.createSnap(rec.thinId(), origin.get().thinId());
                }
            }
        } catch (RuntimeException e) {
            // the message failed as a whole: the pool holds nothing new
            journal.commit(txid);
            throw e;
        }
        Steps.reached(op + ".thin-created");
        try {
            pool.setTransactionId(txid, txid + 1);
        } catch (RuntimeException e) {
            undoCreate(rec, e);
            throw e;
        }
        txid++;
        Steps.reached(op + ".txid-committed");
        records.put(rec);
        Steps.reached(op + ".record-written");
        journal.commit(txid);
    }

    /** The thin device exists but its transaction id did not commit: delete it, or leave the intent to the next open. */
    private void undoCreate(VolumeRecord rec, RuntimeException failure) {
        try {
            pool.delete(rec.thinId());
            journal.commit(txid);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Removes {@code id}. Its device is deactivated; when it is open elsewhere (mounted by another
     * process, or held open), the volume is marked deleted, its device removed when the last user
     * closes it (deferred remove), and its thin id freed then by a background retry or at the next open.
     *
     * @throws VolumeException NOT_FOUND, or BUSY while this set has it mounted
     */
    public Removal remove(VolumeId id) {
        Objects.requireNonNull(id, "id");
        return locked(() -> {
            VolumeRecord rec = readyRecord(id);
            requireNotMounted(id);
            Optional<DeviceInfo> dev = ownDevice(rec);
            if (dev.isPresent() && !removeDevice(dev.get())) {
                records.put(rec.withState(VolumeRecord.State.DELETE_PENDING));
                Steps.reached("remove.marked-pending");
                dm.remove(dev.get().ref(), RemoveOptions.defaults().withDeferred(true));
                Steps.reached("remove.deferred");
                activatedHere.remove(id);
                schedulePendingDeletes();
                return Removal.DEFERRED;
            }
            activatedHere.remove(id);
            try {
                deleteThin(rec);
            } catch (DeviceBusyException e) {
                // the thin id is open through a device that is not ours: wait for it as for our own
                records.put(rec.withState(VolumeRecord.State.DELETE_PENDING));
                schedulePendingDeletes();
                return Removal.DEFERRED;
            }
            return Removal.REMOVED;
        });
    }

    /** Removes a device of the set; false when it is open. */
    private boolean removeDevice(DeviceInfo dev) {
        try {
            dm.remove(dev.ref());
            return true;
        } catch (DeviceBusyException e) {
            return false;
        } catch (NoSuchDeviceException e) {
            return true;
        }
    }

    private void deleteThin(VolumeRecord rec) {
        journal.write(new Intent(txid, Intent.Operation.DELETE, rec.thinId(), rec));
        Steps.reached("remove.intent-written");
        try {
            pool.delete(rec.thinId());
        } catch (RuntimeException e) {
            journal.commit(txid);
            throw e;
        }
        Steps.reached("remove.thin-deleted");
        // a failure here leaves the intent: the next open commits the transaction id and forgets the volume
        pool.setTransactionId(txid, txid + 1);
        txid++;
        Steps.reached("remove.txid-committed");
        records.remove(rec.id());
        Steps.reached("remove.record-removed");
        journal.commit(txid);
    }

    /** One attempt at a deferred deletion: true when the volume is gone. */
    private boolean finishPendingDelete(VolumeRecord rec) {
        Optional<DeviceInfo> dev = ownDevice(rec);
        if (dev.isPresent()) {
            if (!removeDevice(dev.get())) {
                if (!dev.get().deferredRemove()) {
                    // a crash between marking the record and the deferred remove
                    dm.remove(dev.get().ref(), RemoveOptions.defaults().withDeferred(true));
                }
                return false;
            }
        }
        // A device's name goes before the kernel has closed its thin id (a deferred removal finishes in a
        // kernel work queue), so a thin still busy right after its device went is tried again for a moment.
        long deadline = System.nanoTime() + TEARDOWN_WAIT.toNanos();
        while (true) {
            try {
                deleteThin(rec);
                return true;
            } catch (DeviceBusyException e) {
                if (dev.isPresent() || System.nanoTime() - deadline >= 0 || !pause(TEARDOWN_POLL)) {
                    return false;
                }
            }
        }
    }

    /** False when interrupted (the interrupt kept for the caller). */
    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void schedulePendingDeletes() {
        boolean pending = records.all().values().stream().anyMatch(r -> r.state() == VolumeRecord.State.DELETE_PENDING);
        if (pending && (retrying == null || retrying.isDone()) && !closed) {
            long period = options.deferredRetry().toMillis();
            retrying = retrier.scheduleWithFixedDelay(this::retryPendingDeletes, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private void retryPendingDeletes() {
        mutex.lock();
        try {
            if (closed) {
                return;
            }
            boolean left = false;
            for (VolumeRecord rec : List.copyOf(records.all().values())) {
                if (rec.state() == VolumeRecord.State.DELETE_PENDING) {
                    try {
                        left |= !finishPendingDelete(rec);
                    } catch (RuntimeException e) {
                        // kept pending: the next round (or the next open) tries again
                        left = true;
                    }
                }
            }
            if (!left && retrying != null) {
                retrying.cancel(false);
            }
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Activates {@code id}: a device {@code <prefix>-<id>} mapping its thin id, and returns its block
     * device. Already active: returns it.
     */
    public Path activate(VolumeId id) {
        Objects.requireNonNull(id, "id");
        return locked(() -> activateLocked(readyRecord(id)));
    }

    private Path activateLocked(VolumeRecord rec) {
        Optional<DeviceInfo> dev = ownDevice(rec);
        if (dev.isPresent()) {
            return dm.devicePath(dev.get());
        }
        DeviceInfo created = ThinActivation.create(dm, deviceName(rec.id()), Table.of(
                ThinTarget.of(BlockDev.of(poolInfo.number()), rec.thinId()).line(0, rec.virtualSize() / 512)),
                poolInfo.ref(), options.poolSuspendWait(), rec.id());
        activatedHere.add(rec.id());
        return dm.devicePath(created);
    }

    /**
     * Deactivates {@code id} (its data stays). Not active: nothing to do.
     *
     * @throws VolumeException BUSY when its device is open
     */
    public void deactivate(VolumeId id) {
        Objects.requireNonNull(id, "id");
        locked(() -> {
            VolumeRecord rec = readyRecord(id);
            requireNotMounted(id);
            Optional<DeviceInfo> dev = ownDevice(rec);
            if (dev.isPresent() && !removeDevice(dev.get())) {
                throw new VolumeException(VolumeException.Kind.BUSY, id, "volume " + id + " is open (device "
                        + dev.get().name() + ", open count " + dev.get().openCount() + ")");
            }
            activatedHere.remove(id);
            return null;
        });
    }

    /**
     * Makes a filesystem on {@code id} (running {@code mkfs.ext4} or {@code mkfs.xfs}) and records its
     * UUID; snapshots taken afterwards inherit it. A volume that already holds a filesystem (recorded,
     * or found on the device) is refused: its data is never overwritten.
     *
     * @throws VolumeException                   NOT_FOUND, BUSY (mounted), EXISTS (already holds a filesystem)
     * @throws io.jdm.thin.fs.FilesystemException the program is missing (naming its package) or failed
     */
    public FilesystemId makeFilesystem(VolumeId id, FilesystemType type) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        return locked(() -> {
            VolumeRecord rec = readyRecord(id);
            requireNotMounted(id);
            if (rec.filesystem().isPresent()) {
                throw new VolumeException(VolumeException.Kind.EXISTS, id, "volume " + id + " already holds " + rec.filesystem().get());
            }
            return whileActive(rec, ownDevice(rec).isPresent(), dev -> {
                Optional<FilesystemId> found = Filesystems.identify(dev);
                if (found.isPresent()) {
                    throw new VolumeException(VolumeException.Kind.EXISTS, id, "volume " + id + " already holds " + found.get()
                            + " (not made by this set): refusing to overwrite it");
                }
                FilesystemId made = new FilesystemId(type, Filesystems.make(dev, type));
                records.put(rec.withFilesystem(made));
                return made;
            });
        });
    }

    /**
     * Mounts {@code id} at {@code target} (an existing directory) with {@code options} as mount(8) takes
     * them ({@code "ro,noatime"}, {@code ""} for none), activating it first: Docker's Get. Mounting again
     * at the same target counts one more user; {@link #unmount} undoes one. The filesystem on the device
     * must be the one recorded for the volume.
     *
     * @return the volume's block device
     * @throws VolumeException NOT_FOUND; BUSY (mounted elsewhere by this set); NO_FILESYSTEM (none recorded;
     *                         make one with {@link #makeFilesystem}); a mismatch with the record is a
     *                         {@link VolumeStateException} CORRUPT
     */
    public Path mount(VolumeId id, Path target, String options) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        MountOptions parsed = MountOptions.parse(Objects.requireNonNull(options, "options"));
        return locked(() -> {
            VolumeRecord rec = readyRecord(id);
            Mounted m = mounts.get(id);
            if (m != null) {
                if (!m.target().equals(target)) {
                    throw new VolumeException(VolumeException.Kind.BUSY, id, "volume " + id + " is mounted at " + m.target()
                            + " by this set; it cannot be mounted at " + target + " too");
                }
                mounts.put(id, new Mounted(target, m.count() + 1));
                return ownDevice(rec).map(dm::devicePath).orElseThrow();
            }
            FilesystemId fs = rec.filesystem().orElseThrow(() -> new VolumeException(VolumeException.Kind.NO_FILESYSTEM, id,
                    "volume " + id + " has no filesystem recorded: make one first"));
            boolean wasActive = ownDevice(rec).isPresent();
            Path dev = activateLocked(rec);
            try {
                requireFilesystem(rec, dev, fs);
                Mounts.mount(dev, target, fs.type().mountType(), withFilesystemDefaults(fs.type(), parsed));
            } catch (RuntimeException e) {
                if (!wasActive) {
                    deactivateQuietly(rec);
                }
                throw e;
            }
            mounts.put(id, new Mounted(target, 1));
            return dev;
        });
    }

    /**
     * One user less of {@code id}'s mount: Docker's Put. The last one unmounts it and deactivates it.
     *
     * @throws VolumeException NOT_FOUND, NOT_ACTIVE (this set has not mounted it), BUSY (a file is open
     *                         there: still mounted, still counted)
     */
    public void unmount(VolumeId id) {
        Objects.requireNonNull(id, "id");
        locked(() -> {
            VolumeRecord rec = readyRecord(id);
            Mounted m = mounts.get(id);
            if (m == null) {
                throw new VolumeException(VolumeException.Kind.NOT_ACTIVE, id, "volume " + id + " is not mounted by this set");
            }
            if (m.count() > 1) {
                mounts.put(id, new Mounted(m.target(), m.count() - 1));
                return null;
            }
            try {
                Mounts.unmount(m.target(), 0);
            } catch (MountException e) {
                if (e.isBusy()) {
                    throw new VolumeException(VolumeException.Kind.BUSY, id, "volume " + id + " stays mounted at " + m.target()
                            + ": a file or directory there is in use", e);
                }
                throw e;
            }
            mounts.remove(id);
            Optional<DeviceInfo> dev = ownDevice(rec);
            if (dev.isPresent() && removeDevice(dev.get())) {
                activatedHere.remove(id);
            }
            return null;
        });
    }

    /**
     * xfs refuses a second mount of a filesystem UUID, and every snapshot of a base has the base's: as
     * moby does, xfs volumes are mounted {@code nouuid}.
     */
    private static MountOptions withFilesystemDefaults(FilesystemType type, MountOptions options) {
        if (type != FilesystemType.XFS || List.of(options.data().split(",")).contains("nouuid")) {
            return options;
        }
        return new MountOptions(options.flags(), options.data().isEmpty() ? "nouuid" : options.data() + ",nouuid");
    }

    private void requireFilesystem(VolumeRecord rec, Path dev, FilesystemId recorded) {
        Optional<FilesystemId> found = Filesystems.identify(dev);
        if (!found.equals(Optional.of(recorded))) {
            throw new VolumeStateException(VolumeStateException.Kind.CORRUPT, stateDir, "volume " + rec.id() + " should hold "
                    + recorded + " but its device holds " + found.map(Object::toString).orElse("no known filesystem"), null);
        }
    }

    private void requireNotMounted(VolumeId id) {
        Mounted m = mounts.get(id);
        if (m != null) {
            throw new VolumeException(VolumeException.Kind.BUSY, id, "volume " + id + " is mounted at " + m.target()
                    + " by this set: unmount it first");
        }
    }

    private void deactivateQuietly(VolumeRecord rec) {
        try {
            ownDevice(rec).ifPresent(this::removeDevice);
            activatedHere.remove(rec.id());
        } catch (RuntimeException e) {
            // left active: close() or the caller's deactivate tries again
        }
    }

    /**
     * Deactivates what this set activated (deferred when still open elsewhere; unless the options say
     * not to release on close), stops the background retry and releases the state directory. Volumes
     * and their data stay. Idempotent.
     */
    @Override
    public void close() {
        mutex.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            retrier.shutdownNow();
            RuntimeException failure = null;
            for (Map.Entry<VolumeId, Mounted> m : options.releaseOnClose() ? List.copyOf(mounts.entrySet()) : List.<Map.Entry<VolumeId, Mounted>>of()) {
                try {
                    Mounts.unmount(m.getValue().target(), 0);
                } catch (MountException e) {
                    if (!e.isBusy()) {
                        failure = e;
                        continue;
                    }
                    // a file still open there: detach now, the device goes with its last user (deferred below)
                    Mounts.unmount(m.getValue().target(), Mounts.MNT_DETACH);
                }
                activatedHere.add(m.getKey());
            }
            mounts.clear();
            for (VolumeId id : options.releaseOnClose() ? List.copyOf(activatedHere) : List.<VolumeId>of()) {
                try {
                    Optional<DeviceInfo> dev = records.get(id).flatMap(this::ownDevice);
                    if (dev.isPresent() && !removeDevice(dev.get())) {
                        dm.remove(dev.get().ref(), RemoveOptions.defaults().withDeferred(true));
                    }
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            activatedHere.clear();
            stateLock.close();
            if (failure != null) {
                throw failure;
            }
        } finally {
            mutex.unlock();
        }
    }

    /**
     * For the in-process crash tests: drops the set as a killed process would (no deactivation, no
     * record written), releasing only what the kernel would release at exit (the directory's lock).
     */
    void abandon() {
        mutex.lock();
        try {
            closed = true;
            retrier.shutdownNow();
            stateLock.close();
        } finally {
            mutex.unlock();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private <T> T locked(java.util.function.Supplier<T> action) {
        mutex.lock();
        try {
            if (closed) {
                throw new VolumeException(VolumeException.Kind.CLOSED, null, "the volume set of pool " + poolInfo.name() + " is closed");
            }
            return action.get();
        } finally {
            mutex.unlock();
        }
    }

    private VolumeRecord readyRecord(VolumeId id) {
        return records.get(id).filter(r -> r.state() == VolumeRecord.State.READY).orElseThrow(() -> notFound(id));
    }

    private VolumeException notFound(VolumeId id) {
        return new VolumeException(VolumeException.Kind.NOT_FOUND, id, "no volume " + id + " in pool " + poolInfo.name());
    }

    /** The device name of a volume's activation; an id that does not fit with the prefix is bad input. */
    DeviceName deviceName(VolumeId id) {
        String name = prefix + "-" + id.value();
        if (name.length() > DeviceName.MAX_BYTES) {
            throw new InvalidInputException("volume id '" + id + "' is too long: its device name '" + name + "' would be "
                    + name.length() + " bytes, the kernel allows " + DeviceName.MAX_BYTES + " (shorten the id or the device prefix)");
        }
        return DeviceName.of(name);
    }

    /**
     * The active device of {@code rec}, if any: the device of its name, checked to map its thin id on
     * this pool. A device of that name mapping something else is not touched.
     */
    private Optional<DeviceInfo> ownDevice(VolumeRecord rec) {
        DeviceName name = deviceName(rec.id());
        DeviceInfo info;
        boolean ours;
        try {
            info = dm.info(new DeviceRef.ByName(name));
            ours = mapsVolume(info, rec);
        } catch (NoSuchDeviceException e) {
            // absent, or gone between the two calls (a deferred removal completing as its last user closes)
            return Optional.empty();
        }
        if (!ours) {
            throw new VolumeException(VolumeException.Kind.BUSY, rec.id(), "device " + name + " exists but does not map thin id "
                    + rec.thinId() + " of pool " + poolInfo.name() + ": it is not this set's, remove or rename it");
        }
        return Optional.of(info);
    }

    /** As {@link #ownDevice(VolumeRecord)}, without asking the kernel when the name is not in {@code present}. */
    private Optional<DeviceInfo> ownDevice(VolumeRecord rec, Set<String> present) {
        return present.contains(deviceName(rec.id()).value()) ? ownDevice(rec) : Optional.empty();
    }

    /** The names of all devices now: one DM_LIST_DEVICES instead of an info per record. */
    private Set<String> presentDeviceNames() {
        Set<String> names = new HashSet<>();
        for (ListedDevice d : dm.list()) {
            names.add(d.name().value());
        }
        return names;
    }

    /**
     * Runs {@code action} on the block device of {@code rec}, activating it first when it is not active
     * ({@code wasActive} false) and deactivating it again afterwards, whatever happened.
     */
    private <T> T whileActive(VolumeRecord rec, boolean wasActive, Function<Path, T> action) {
        Path dev = activateLocked(rec);
        try {
            return action.apply(dev);
        } finally {
            if (!wasActive) {
                deactivateQuietly(rec);
            }
        }
    }

    private boolean mapsVolume(DeviceInfo info, VolumeRecord rec) {
        Table live = dm.table(info.ref()).table();
        if (live.lines().isEmpty()) {
            // created but not loaded (a crash during activation): ours to finish or remove
            return true;
        }
        List<TypedLine> lines = TargetTable.of(live).lines();
        return lines.size() == 1 && lines.getFirst().target() instanceof ThinTarget t
                && t.deviceId() == rec.thinId() && t.pool().equals(BlockDev.of(poolInfo.number()));
    }

    private long activeMappedBytes(DeviceInfo dev) {
        List<io.jdm.api.TargetStatus> targets;
        try {
            targets = dm.status(dev.ref()).targets();
        } catch (NoSuchDeviceException e) {
            return 0; // removed a moment ago by its deferred removal: nothing of it to count
        }
        if (targets.size() == 1 && ThinStatus.parse(targets.getFirst().text()) instanceof StatusResult.Parsed<ThinStatus> p
                && p.value() instanceof ThinStatus.Mapped m) {
            return m.mappedSectors() * 512;
        }
        return 0;
    }

    private long inactiveMappedBytes(PoolContents held, VolumeRecord rec) {
        return held.mappedBlocksByThinId().getOrDefault((long) rec.thinId(), 0L) * dataBlockBytes;
    }

    private Volume volume(VolumeRecord rec, Optional<DeviceInfo> dev, long mappedBytes) {
        return new Volume(rec.id(), rec.thinId(), rec.parent(), rec.virtualSize(), rec.state(),
                dev.map(dm::devicePath), mappedBytes, Optional.ofNullable(mounts.get(rec.id())).map(Mounted::target),
                rec.filesystem());
    }

    private PoolUsage poolUsage() {
        ThinPoolStatus status = pool.status();
        if (!(status instanceof ThinPoolStatus.Working w)) {
            throw new VolumeException(VolumeException.Kind.POOL_NOT_WRITABLE, null, "pool " + poolInfo.name() + " reports " + status);
        }
        return new PoolUsage(w.usedDataBlocks() * dataBlockBytes, w.totalDataBlocks() * dataBlockBytes,
                w.usedMetadataBlocks() * 4096, w.totalMetadataBlocks() * 4096, w.transactionId(), w.mode().word(), w.needsCheck());
    }

    private void requireSpace(VolumeId id) {
        PoolUsage u = poolUsage();
        if (!u.mode().equals("rw") || u.needsCheck()) {
            throw new VolumeException(VolumeException.Kind.POOL_NOT_WRITABLE, id, "pool " + poolInfo.name() + " is "
                    + u.mode() + (u.needsCheck() ? " and needs_check" : "") + ": no volume can be created");
        }
        if (u.transactionId() != txid) {
            throw new VolumeStateException(VolumeStateException.Kind.CORRUPT, stateLockDir(), "pool " + poolInfo.name()
                    + " is at transaction id " + u.transactionId() + " but this set committed " + txid
                    + ": the pool was changed by someone else", null);
        }
        double min = options.minFreeSpacePercent() / 100.0;
        if (u.freeDataFraction() < min || u.freeMetadataFraction() < min) {
            throw new VolumeException(VolumeException.Kind.NO_SPACE, id, String.format(
                    "pool %s has %.1f%% data and %.1f%% metadata space free, below the minimum of %d%%",
                    poolInfo.name(), u.freeDataFraction() * 100, u.freeMetadataFraction() * 100, options.minFreeSpacePercent()));
        }
    }
}
