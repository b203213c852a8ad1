package io.jdm.targets.message;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.api.StatusReport;
import io.jdm.targets.status.DustStatus;
import io.jdm.targets.status.StatusResult;

import java.util.Objects;
import java.util.Optional;

/**
 * The messages of a live {@code dust} device: its bad block list (blocks of the table's block size,
 * counted from the target's start) and whether reads of those blocks fail. A write to a bad block
 * takes it off the list, as a drive remaps a sector. The kernel refuses (EINVAL) a block past the
 * device's end, adding a block already listed, and removing one that is not.
 */
public final class Dust {
    private final DeviceMapper dm;
    private final DeviceRef device;

    private Dust(DeviceMapper dm, DeviceRef device) {
        this.dm = Objects.requireNonNull(dm, "dm");
        this.device = Objects.requireNonNull(device, "device");
    }

    public static Dust of(DeviceMapper dm, DeviceRef device) {
        return new Dust(dm, device);
    }

    public void addBadBlock(long block) {
        send("addbadblock " + checked(block));
    }

    public void removeBadBlock(long block) {
        send("removebadblock " + checked(block));
    }

    /** The kernel's answer on one block (newer kernels reply; older ones only log it). */
    public Optional<String> queryBlock(long block) {
        return send("queryblock " + checked(block));
    }

    public void clearBadBlocks() {
        send("clearbadblocks");
    }

    /** The kernel's count, as it words it (newer kernels reply; older ones only log it). */
    public Optional<String> countBadBlocks() {
        return send("countbadblocks");
    }

    /** Reads of listed blocks fail with EIO from now on. */
    public void enable() {
        send("enable");
    }

    /** Reads of listed blocks pass through again. */
    public void disable() {
        send("disable");
    }

    /** Toggles the kernel's logging of bad-block hits. */
    public void toggleQuiet() {
        send("quiet");
    }

    public DustStatus status() {
        return parsedStatus().orElseThrow();
    }

    public StatusResult<DustStatus> parsedStatus() {
        StatusReport report = dm.status(device);
        return ThinPool.onlyTarget(report, DustStatus.TYPE).map(t -> DustStatus.parse(t.text()))
                .orElseGet(() -> StatusResult.failed(DustStatus.TYPE, report.targets().toString(),
                        "device " + device + " has no single dust target"));
    }

    private static long checked(long block) {
        if (block < 0) {
            throw new InvalidInputException("dust: block numbers must not be negative, got " + block);
        }
        return block;
    }

    private Optional<String> send(String message) {
        return dm.message(device, 0, message);
    }
}
