package io.jdm.targets.message;

import io.jdm.api.Command;
import io.jdm.api.DeviceExistsException;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.InvalidInputException;
import io.jdm.api.QueryOptions;
import io.jdm.api.StatusReport;
import io.jdm.api.Table;
import io.jdm.api.TargetStatus;
import io.jdm.api.UnexpectedReplyException;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.testkit.ForwardingDeviceMapper;
import io.jdm.testkit.fake.FakeKernel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The message helpers on a fake kernel: what is sent, in which order, what is refused unsent, and what the pool then holds. */
class MessageApiTest {
    private static final DeviceRef POOL = DeviceRef.name("pool");
    private static final DeviceRef ORIGIN = DeviceRef.name("thin1");
    private static final long MIB = 1024 * 1024;

    private final FakeKernel kernel = FakeKernel.create();
    private final DeviceMapper dm = kernel.open();
    private final DeviceInfo pool = dm.createWithTable(DeviceName.of("pool"), Table.of(2048, "thin-pool",
            kernel.addDisk(8 * MIB) + " " + kernel.addDisk(MIB) + " 128 0"));
    private final ThinPool thinPool = ThinPool.of(dm, POOL);

    /** The thin device {@code thin1} on the pool, mapping thin id 1. */
    private DeviceInfo activeOrigin() {
        thinPool.createThin(1);
        return dm.createWithTable(DeviceName.of("thin1"), Table.of(2048, "thin", pool.number() + " 1"));
    }

    /** The suspends, resumes and messages that reached the kernel since the last {@link FakeKernel#clearCalls()}. */
    private List<String> sent() {
        return kernel.calls().stream().filter(c -> c.command() == Command.DEV_SUSPEND || c.command() == Command.TARGET_MSG)
                .map(FakeKernel.Call::toString).toList();
    }

    @Test
    void messagesAreTheKernelsWords() {
        thinPool.createThin(0);
        thinPool.createThin(0xFFFFFF);
        thinPool.createSnap(2, 0);
        thinPool.delete(2);
        thinPool.setTransactionId(0, 1);
        thinPool.reserveMetadataSnap();
        thinPool.releaseMetadataSnap();
        assertEquals(List.of("create_thin 0", "create_thin 16777215", "create_snap 2 0", "delete 2", "set_transaction_id 0 1",
                        "reserve_metadata_snap", "release_metadata_snap").stream()
                        .map(m -> "DM_TARGET_MSG name 'pool': sector 0 message '" + m + "'").toList(),
                sent().stream().filter(s -> s.startsWith("DM_TARGET_MSG")).toList());
        ThinPoolStatus.Working status = assertInstanceOf(ThinPoolStatus.Working.class, thinPool.status());
        assertEquals(1, status.transactionId(), "the kernel kept the books");
    }

    @Test
    void badIdsAreRefusedUnsent() {
        kernel.clearCalls();
        assertThrows(InvalidInputException.class, () -> thinPool.createThin(1 << 24));
        assertThrows(InvalidInputException.class, () -> thinPool.createThin(-1));
        assertThrows(InvalidInputException.class, () -> thinPool.createSnap(1, 1 << 24));
        assertThrows(InvalidInputException.class, () -> thinPool.createSnap(3, 3));
        assertThrows(InvalidInputException.class, () -> thinPool.createSnap(1 << 24, 1, ORIGIN));
        assertThrows(InvalidInputException.class, () -> thinPool.delete(1 << 24));
        assertThrows(InvalidInputException.class, () -> thinPool.setTransactionId(-1, 0));
        assertEquals(List.of(), kernel.calls());
    }

    @Test
    void snapshotOfAnActiveOriginSuspendsAroundTheMessage() {
        activeOrigin();
        kernel.clearCalls();
        thinPool.createSnap(2, 1, ORIGIN);
        assertEquals(List.of("DM_DEV_SUSPEND name 'thin1': suspend", "DM_TARGET_MSG name 'pool': sector 0 message 'create_snap 2 1'",
                "DM_DEV_SUSPEND name 'thin1': resume"), sent());
        assertFalse(dm.info(ORIGIN).suspended());
        assertThrows(DeviceExistsException.class, () -> thinPool.createThin(2), "the snapshot exists");
    }

    @Test
    void originIsResumedWhenTheMessageFails() {
        activeOrigin();
        thinPool.createThin(2);
        kernel.clearCalls();
        DeviceExistsException e = assertThrows(DeviceExistsException.class, () -> thinPool.createSnap(2, 1, ORIGIN));
        assertEquals("EEXIST", e.errnoName());
        assertTrue(e.getMessage().contains("create_snap 2 1"), e.getMessage());
        assertEquals(List.of("DM_DEV_SUSPEND name 'thin1': suspend",
                "DM_TARGET_MSG name 'pool': sector 0 message 'create_snap 2 1' -> EEXIST", "DM_DEV_SUSPEND name 'thin1': resume"), sent());
        assertFalse(dm.info(ORIGIN).suspended());
    }

    @Test
    void anAlreadySuspendedOriginStaysSuspended() {
        activeOrigin();
        dm.suspend(ORIGIN);
        kernel.clearCalls();
        thinPool.createSnap(2, 1, ORIGIN);
        assertEquals(List.of("DM_TARGET_MSG name 'pool': sector 0 message 'create_snap 2 1'"), sent());
        assertTrue(dm.info(ORIGIN).suspended());
    }

    @Test
    void statusIsTyped() throws IOException {
        DeviceInfo origin = activeOrigin();
        kernel.write(origin.ref(), 0, 2 * 64 * 1024);
        ThinPoolStatus.Working w = assertInstanceOf(ThinPoolStatus.Working.class, thinPool.status());
        assertEquals(2, w.usedDataBlocks());
        assertEquals(16, w.totalDataBlocks());
        kernel.faults().setPoolMode(POOL, FakeKernel.PoolMode.FAIL);
        assertSame(ThinPoolStatus.Fail.class, thinPool.status().getClass());
    }

    @Test
    void aStatusThatCannotBeReadNamesTheText() {
        DeviceMapper garbled = new ForwardingDeviceMapper(dm) {
            @Override
            public StatusReport status(DeviceRef device, QueryOptions options) {
                return new StatusReport(info(device), List.of(new TargetStatus(0, 2048, "thin-pool", "garbage")));
            }
        };
        UnexpectedReplyException e = assertThrows(UnexpectedReplyException.class, () -> ThinPool.of(garbled, POOL).status());
        assertTrue(e.getMessage().contains("garbage"), e.getMessage());
    }

    @Test
    void eraMessages() {
        // the fake models no era target: sent to the pool, the thin-pool target refuses each word, as the kernel would
        Era era = Era.of(dm, POOL);
        kernel.clearCalls();
        assertThrows(InvalidArgumentException.class, era::checkpoint);
        assertThrows(InvalidArgumentException.class, era::takeMetadataSnap);
        assertThrows(InvalidArgumentException.class, era::dropMetadataSnap);
        assertEquals(List.of("checkpoint", "take_metadata_snap", "drop_metadata_snap").stream()
                .map(m -> "DM_TARGET_MSG name 'pool': sector 0 message '" + m + "' -> EINVAL").toList(), sent());
        // the status belongs to a thin-pool here, not an era: a parse error, not a wrong value
        assertTrue(era.parsedStatus().parseError().isPresent());
    }
}
