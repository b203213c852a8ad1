package io.jdm.targets.message;

import io.jdm.api.Command;
import io.jdm.api.DeviceFlag;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.InvalidInputException;
import io.jdm.api.StatusReport;
import io.jdm.api.TargetStatus;
import io.jdm.targets.status.ThinPoolStatus;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The message helpers against a recording fake: what is sent, in which order, and what is refused unsent. */
class MessageApiTest {
    private static final DeviceRef POOL = DeviceRef.name("pool");
    private static final DeviceRef ORIGIN = DeviceRef.name("thin1");

    /** Records calls as text; {@code failMessage} makes message() fail with EINVAL. */
    private static final class Fake {
        final List<String> calls = new ArrayList<>();
        boolean failMessage;
        boolean originSuspended;
        String statusText = "1 10/100 2/20 - rw discard_passdown queue_if_no_space - 25 ";

        DeviceMapper dm() {
            return (DeviceMapper) Proxy.newProxyInstance(DeviceMapper.class.getClassLoader(), new Class<?>[] {DeviceMapper.class},
                    (proxy, m, args) -> switch (m.getName()) {
                        case "message" -> {
                            calls.add("message " + args[0] + " @" + args[1] + ": " + args[2]);
                            if (failMessage) {
                                throw new InvalidArgumentException(Command.TARGET_MSG, (DeviceRef) args[0], 22, (String) args[2]);
                            }
                            yield Optional.empty();
                        }
                        case "suspend", "resume" -> {
                            calls.add(m.getName() + " " + args[0]);
                            yield info(false);
                        }
                        case "info" -> info(originSuspended);
                        case "status" -> new StatusReport(info(false),
                                List.of(new TargetStatus(0, 2048, "thin-pool", statusText)));
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }

        private static DeviceInfo info(boolean suspended) {
            Set<DeviceFlag> flags = suspended ? EnumSet.of(DeviceFlag.SUSPENDED, DeviceFlag.LIVE_TABLE) : EnumSet.of(DeviceFlag.LIVE_TABLE);
            return new DeviceInfo(DeviceName.of("x"), Optional.empty(), DeviceNumber.of(253, 0), 0, 0, 1, flags);
        }
    }

    @Test
    void messagesAreTheKernelsWords() {
        Fake f = new Fake();
        ThinPool pool = ThinPool.of(f.dm(), POOL);
        pool.createThin(0);
        pool.createThin(0xFFFFFF);
        pool.createSnap(2, 1);
        pool.delete(2);
        pool.setTransactionId(0, 1);
        pool.reserveMetadataSnap();
        pool.releaseMetadataSnap();
        assertEquals(List.of("message name 'pool' @0: create_thin 0", "message name 'pool' @0: create_thin 16777215",
                "message name 'pool' @0: create_snap 2 1", "message name 'pool' @0: delete 2",
                "message name 'pool' @0: set_transaction_id 0 1", "message name 'pool' @0: reserve_metadata_snap",
                "message name 'pool' @0: release_metadata_snap"), f.calls);
    }

    @Test
    void badIdsAreRefusedUnsent() {
        Fake f = new Fake();
        ThinPool pool = ThinPool.of(f.dm(), POOL);
        assertThrows(InvalidInputException.class, () -> pool.createThin(1 << 24));
        assertThrows(InvalidInputException.class, () -> pool.createThin(-1));
        assertThrows(InvalidInputException.class, () -> pool.createSnap(1, 1 << 24));
        assertThrows(InvalidInputException.class, () -> pool.createSnap(3, 3));
        assertThrows(InvalidInputException.class, () -> pool.createSnap(1 << 24, 1, ORIGIN));
        assertThrows(InvalidInputException.class, () -> pool.delete(1 << 24));
        assertThrows(InvalidInputException.class, () -> pool.setTransactionId(-1, 0));
        assertEquals(List.of(), f.calls);
    }

    @Test
    void snapshotOfAnActiveOriginSuspendsAroundTheMessage() {
        Fake f = new Fake();
        ThinPool.of(f.dm(), POOL).createSnap(2, 1, ORIGIN);
        assertEquals(List.of("suspend name 'thin1'", "message name 'pool' @0: create_snap 2 1", "resume name 'thin1'"), f.calls);
    }

    @Test
    void originIsResumedWhenTheMessageFails() {
        Fake f = new Fake();
        f.failMessage = true;
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> ThinPool.of(f.dm(), POOL).createSnap(2, 1, ORIGIN));
        assertTrue(e.getMessage().contains("create_snap 2 1"), e.getMessage());
        assertEquals(List.of("suspend name 'thin1'", "message name 'pool' @0: create_snap 2 1", "resume name 'thin1'"), f.calls);
    }

    @Test
    void anAlreadySuspendedOriginStaysSuspended() {
        Fake f = new Fake();
        f.originSuspended = true;
        ThinPool.of(f.dm(), POOL).createSnap(2, 1, ORIGIN);
        assertEquals(List.of("message name 'pool' @0: create_snap 2 1"), f.calls);
    }

    @Test
    void statusIsTyped() {
        Fake f = new Fake();
        ThinPoolStatus.Working w = assertInstanceOf(ThinPoolStatus.Working.class, ThinPool.of(f.dm(), POOL).status());
        assertEquals(2, w.usedDataBlocks());
        f.statusText = "Fail";
        assertSame(ThinPoolStatus.Fail.class, ThinPool.of(f.dm(), POOL).status().getClass());
        f.statusText = "garbage";
        assertTrue(assertThrows(io.jdm.api.UnexpectedReplyException.class, () -> ThinPool.of(f.dm(), POOL).status()).getMessage()
                .contains("garbage"));
    }

    @Test
    void eraMessages() {
        Fake f = new Fake();
        Era era = Era.of(f.dm(), DeviceRef.name("era"));
        era.checkpoint();
        era.takeMetadataSnap();
        era.dropMetadataSnap();
        assertEquals(List.of("message name 'era' @0: checkpoint", "message name 'era' @0: take_metadata_snap",
                "message name 'era' @0: drop_metadata_snap"), f.calls);
        // the status belongs to a thin-pool here, not an era: a parse error, not a wrong value
        assertTrue(era.parsedStatus().parseError().isPresent());
    }
}
