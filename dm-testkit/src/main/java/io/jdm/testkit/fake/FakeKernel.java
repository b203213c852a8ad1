package io.jdm.testkit.fake;

import io.jdm.api.Command;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.Errno;
import io.jdm.api.InterfaceVersion;
import io.jdm.api.InvalidInputException;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An in-memory device-mapper for unit tests: no root, no kernel, no devices. {@link #open()} gives a
 * {@link DeviceMapper} that behaves as jdm's binding does on a real kernel (Linux 6.1), with the same
 * exceptions for the same mistakes: names and uuids with their uniqueness rules, live and inactive
 * tables, suspend and resume, open counts and deferred removal, device and global events, table and
 * status text as the kernel prints them for {@code linear}, {@code striped}, {@code zero},
 * {@code error}, {@code thin-pool} and {@code thin}, and a thin pool's messages with real bookkeeping
 * of thin ids, transaction id and data blocks. Its fidelity is checked by one contract suite that
 * runs against this fake and against the real kernel.
 *
 * <p>Around that, what a test needs and a kernel does not offer: {@link #addDisk disks} to build on,
 * {@link #write writes} that provision thin blocks, {@link #holdOpen holding} a device open,
 * {@link #raiseEvent target events}, {@link #faults() injected failures}, and the {@link #calls() journal}
 * of every command that reached the fake.
 *
 * <p>Not modelled: data (writes move counters, nothing is stored), other target types (their tables
 * are refused as unknown, with EINVAL), device nodes ({@link DeviceMapper#devicePath} names
 * {@code /dev/mapper/NAME}, which does not exist), device-mapper statistics messages
 * ({@link UnsupportedOperationException}), udev cookies, and uncommitted thin-pool metadata (every
 * change counts as committed at once). A deferred removal happens at once when the last holder lets
 * go, where the kernel does it moments later. Safe for use from many threads.
 */
public final class FakeKernel {
    /**
     * How the fake presents itself.
     *
     * @param major            device-mapper's block major (the kernel picks one at boot: 253 or 254 on most machines)
     * @param interfaceVersion what {@code DM_VERSION} answers
     */
    public record Options(int major, InterfaceVersion interfaceVersion) {
        private static final Options DEFAULTS = new Options(253, InterfaceVersion.of(4, 47, 0));

        public Options {
            Objects.requireNonNull(interfaceVersion, "interfaceVersion");
            if (major <= 0 || major > DeviceNumber.MAX_MAJOR || major == LOOP_MAJOR) {
                throw new InvalidInputException("device-mapper's major must be 1.." + DeviceNumber.MAX_MAJOR
                        + " and not " + LOOP_MAJOR + " (the fake's disks), got " + major);
            }
        }

        /** Major 253, interface 4.47.0 (Linux 6.1). */
        public static Options defaults() {
            return DEFAULTS;
        }

        public Options withMajor(int major) {
            return new Options(major, interfaceVersion);
        }

        public Options withInterfaceVersion(InterfaceVersion version) {
            return new Options(major, version);
        }
    }

    /** A thin pool's mode ({@code enum pool_mode}), in the kernel's order. */
    public enum PoolMode {
        /** {@code rw}. */
        WRITE,
        /** {@code out_of_data_space}: writes that need a new block fail (or queue); messages still work. */
        OUT_OF_DATA_SPACE,
        /** Shown as {@code ro}; messages are refused with EOPNOTSUPP. */
        OUT_OF_METADATA_SPACE,
        /** {@code ro}: writes that need a new block fail; messages are refused with EOPNOTSUPP. */
        READ_ONLY,
        /** Status {@code Fail}: all I/O fails, messages are refused, no thin device can be activated. */
        FAIL
    }

    /** A device held open by the test, as an open file descriptor would hold it. Closing it twice is harmless. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * One command that reached the fake, as the kernel would have received it.
     *
     * @param device the device as the caller named it
     * @param detail what was sent, in words ("suspend" or "resume" for {@code DM_DEV_SUSPEND}, the table
     *               text for a load, {@code "sector N message 'text'"} for a message), or empty
     * @param errno  0 when it succeeded
     */
    public record Call(Command command, Optional<DeviceRef> device, String detail, int errno) {
        public Call {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(detail, "detail");
        }

        public boolean failed() {
            return errno != 0;
        }

        /** E.g. {@code "DM_TARGET_MSG name 'pool': sector 0 message 'delete 3' -> EBUSY"}. */
        @Override
        public String toString() {
            String failure = errno == 0 ? "" : " -> " + Optional.ofNullable(Errno.of(errno)).map(Enum::name).orElse("errno " + errno);
            return command.kernelName() + device.map(d -> " " + d).orElse("") + (detail.isEmpty() ? "" : ": " + detail) + failure;
        }
    }

    /** An injected failure: the next matching command fails with {@code errno} and changes nothing. */
    record Fault(Command command, Optional<DeviceName> device, Optional<String> detail, Errno errno) {
        boolean matchesDetail(String sent) {
            return detail.map(sent::equals).orElse(true);
        }
    }

    /** Failures to inject, each for one command: what the real kernel does rarely, on demand. */
    public final class Faults {
        private Faults() {
        }

        /** The next {@code command} about {@code device} (by its current name) fails with {@code errno}. Faults queue up. */
        public Faults failNext(Command command, DeviceName device, Errno errno) {
            return add(new Fault(command, Optional.of(device), Optional.empty(), errno));
        }

        /** The next {@code command}, whatever device it is about, fails with {@code errno}. */
        public Faults failNext(Command command, Errno errno) {
            return add(new Fault(command, Optional.empty(), Optional.empty(), errno));
        }

        /** The next resume of {@code device} ({@code DM_DEV_SUSPEND} without the suspend flag) fails with {@code errno}. */
        public Faults failNextResume(DeviceName device, Errno errno) {
            return add(new Fault(Command.DEV_SUSPEND, Optional.of(device), Optional.of(FakeDeviceMapper.RESUME), errno));
        }

        /** The next suspend of {@code device} fails with {@code errno}. */
        public Faults failNextSuspend(DeviceName device, Errno errno) {
            return add(new Fault(Command.DEV_SUSPEND, Optional.of(device), Optional.of(FakeDeviceMapper.SUSPEND), errno));
        }

        /**
         * Puts the thin pool behind {@code pool} in {@code mode}, as the kernel does when its metadata or
         * data device fails or fills up; a change of mode is a table event of the pool.
         */
        public void setPoolMode(DeviceRef pool, PoolMode mode) {
            Objects.requireNonNull(mode, "mode");
            locked(() -> {
                Pool p = core.poolOf(existing(pool));
                if (p == null) {
                    throw new IllegalArgumentException(pool + " has no thin-pool table");
                }
                p.setMode(mode);
                return null;
            });
        }

        /** Drops the faults not yet used. */
        public void clear() {
            locked(() -> {
                core.faults.clear();
                return null;
            });
        }

        private Faults add(Fault fault) {
            Objects.requireNonNull(fault.command(), "command");
            Objects.requireNonNull(fault.errno(), "errno");
            locked(() -> core.faults.add(fault));
            return this;
        }
    }

    private static final int LOOP_MAJOR = 7;
    private static final long SECTOR = 512;

    private final DmCore core;
    private final Faults faults = new Faults();

    private FakeKernel(Options options) {
        this.core = new DmCore(Objects.requireNonNull(options, "options"));
    }

    public static FakeKernel create() {
        return new FakeKernel(Options.defaults());
    }

    public static FakeKernel create(Options options) {
        return new FakeKernel(options);
    }

    /** A handle on this kernel, as {@link DeviceMapper#open()} gives one on the real one: closing it closes only it. */
    public DeviceMapper open() {
        return new FakeDeviceMapper(core);
    }

    /**
     * A new disk of {@code bytes} (a whole number of sectors) for tables to map onto, numbered like a
     * loop device ({@code 7:N}) and also reachable as {@code /dev/loopN}. It stores nothing, but a thin
     * pool's metadata lives on it: remove the pool and make it again on the same disks, and the thin
     * devices and transaction id are still there. A write over its first 4 KiB of metadata unformats it.
     */
    public DeviceNumber addDisk(long bytes) {
        if (bytes <= 0 || bytes % SECTOR != 0) {
            throw new InvalidInputException("a disk is a positive whole number of 512-byte sectors, got " + bytes + " bytes");
        }
        return locked(() -> core.addDisk(bytes / SECTOR));
    }

    /**
     * Holds {@code device} open until the returned hold is closed: its open count goes up, a remove
     * answers EBUSY, and a deferred remove happens when the last hold (or table using it) goes.
     *
     * @throws IllegalStateException if the device has no block device yet (the kernel adds it at the first table load)
     */
    public Hold holdOpen(DeviceRef device) {
        return locked(() -> {
            Mapped m = existing(device);
            if (!m.diskAdded) {
                throw new IllegalStateException(m + " cannot be opened: its block device appears at the first table load");
            }
            m.holds++;
            return new Hold() {
                private boolean closed;

                @Override
                public void close() {
                    locked(() -> {
                        if (!closed) {
                            closed = true;
                            m.holds--;
                            core.removeIdleDeferred();
                            core.changed.signalAll();
                        }
                        return null;
                    });
                }
            };
        });
    }

    /**
     * Writes {@code length} bytes at {@code offset} of {@code device}, through its live table down to the
     * disks: a thin device provisions the blocks it touches (breaking sharing with snapshots, moving the
     * pool's counters, firing its low-water event, running out of space); zero drops the write; error
     * fails it. Like a write to a real device it waits while a device on the way is suspended (interrupt
     * the thread to stop it), and holds the device open meanwhile. No data is kept.
     *
     * @throws IOException as the kernel's I/O error would surface: no live table, past the end, an error
     *                     target, a pool out of space (the fake never queues), read-only or failed
     */
    public void write(DeviceRef device, long offset, long length) throws IOException {
        write(() -> existing(device), offset, length);
    }

    /**
     * Writes {@code length} bytes at {@code offset} of a disk made by {@link #addDisk}, as a test writes
     * zeros to a loop device: nothing is stored, but thin-pool metadata whose first 4 KiB are written
     * over becomes unformatted, and the next pool on it starts afresh (unless a pool has it open).
     */
    public void writeDisk(DeviceNumber disk, long offset, long length) throws IOException {
        Objects.requireNonNull(disk, "disk");
        write(() -> core.disk(disk), offset, length);
    }

    private void write(Supplier<BlockDevice> device, long offset, long length) throws IOException {
        if (offset < 0 || length <= 0) {
            throw new InvalidInputException("write needs offset >= 0 and length > 0, got " + offset + " and " + length);
        }
        long first = offset / SECTOR;
        long end = (offset + length + SECTOR - 1) / SECTOR;
        core.lock.lock();
        try {
            core.write(device.get(), first, end - first);
        } finally {
            core.lock.unlock();
        }
    }

    /**
     * The thin ids a live pool's metadata holds, each with its mapped blocks: what a metadata reader
     * ({@code thin_ls}) would show, for tests of code that reads the pool's metadata on a real kernel.
     *
     * @throws IllegalStateException if {@code pool} is not a live thin-pool
     */
    public java.util.SortedMap<Long, Long> thinIds(DeviceRef pool) {
        return locked(() -> {
            Pool p = core.poolOf(existing(pool));
            if (p == null) {
                throw new IllegalStateException(pool + " is not a live thin-pool");
            }
            java.util.TreeMap<Long, Long> ids = new java.util.TreeMap<>();
            p.metadata.thins.forEach((id, thin) -> ids.put(id, (long) thin.mappings.size()));
            return java.util.Collections.unmodifiableSortedMap(ids);
        });
    }

    /** A target event on {@code device} ({@code dm_table_event}): its event counter moves and the global event fires. */
    public void raiseEvent(DeviceRef device) {
        locked(() -> {
            Mapped m = existing(device);
            if (m.live == null) {
                throw new IllegalStateException(m + " has no live table to raise an event from");
            }
            core.tableEvent(m);
            return null;
        });
    }

    public Faults faults() {
        return faults;
    }

    /** Every command that reached the fake so far, oldest first (not the input refused before it, as by the real binding). */
    public List<Call> calls() {
        return locked(() -> List.copyOf(core.calls));
    }

    public void clearCalls() {
        locked(() -> {
            core.calls.clear();
            return null;
        });
    }

    private <T> T locked(Supplier<T> action) {
        core.lock.lock();
        try {
            return action.get();
        } finally {
            core.lock.unlock();
        }
    }

    private Mapped existing(DeviceRef device) {
        try {
            return core.find(Objects.requireNonNull(device, "device"));
        } catch (Refusal r) {
            throw new IllegalArgumentException("the fake kernel has no device " + device);
        }
    }

    @Override
    public String toString() {
        return "FakeKernel[major " + core.options.major() + ", interface " + core.options.interfaceVersion() + "]";
    }
}
