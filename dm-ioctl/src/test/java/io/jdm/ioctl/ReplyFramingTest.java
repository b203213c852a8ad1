package io.jdm.ioctl;

import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.Errno;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.InvalidInputException;
import io.jdm.api.QueryOptions;
import io.jdm.api.StatusReport;
import io.jdm.api.Table;
import io.jdm.api.UnexpectedReplyException;
import io.jdm.ioctl.internal.CommandSpec;
import io.jdm.ioctl.internal.DmFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.MemorySegment;
import java.util.List;

import static io.jdm.ioctl.internal.DmStructs.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reply is checked before it is believed: its framing (data_start, data_size within the request), its
 * counts against its records, each next moving forward. Whatever is wrong comes out as an
 * {@link UnexpectedReplyException} naming the command and device, never an unchecked exception from deep
 * in a codec, a huge allocation for a count the data cannot hold, or a silently truncated table.
 */
class ReplyFramingTest {
    private static final DeviceRef DEV = DeviceRef.name("t");
    private final FakeKernel kernel = new FakeKernel();
    private final IoctlDeviceMapper dm = kernel.deviceMapper();

    private void threeTargets() {
        dm.create(DeviceName.of("t"));
        dm.load(DEV, Table.builder().add(8, "linear", "7:0 0").add(8, "zero", "").add(8, "linear", "7:1 0").build());
        dm.resume(DEV);
    }

    /** Garbles the replies of one command that succeeded, {@code times} times (all when negative). */
    private void garble(CommandSpec command, int times, java.util.function.Consumer<MemorySegment> change) {
        int[] left = {times};
        kernel.garble = (spec, param, size, r) -> {
            if (spec == command && r == 0 && left[0]-- != 0) {
                change.accept(param);
            }
            return r;
        };
    }

    private static UnexpectedReplyException unexpected(Executable call) {
        UnexpectedReplyException e = assertThrows(UnexpectedReplyException.class, call);
        assertTrue(e.getCause() == null || e.getCause() instanceof InvalidInputException, () -> "a codec did not check: " + e.getCause());
        return e;
    }

    @Test
    void aTargetCountTheDataCannotHoldAllocatesNothingForIt() {
        threeTargets();
        garble(CommandSpec.TABLE_STATUS, -1, p -> p.set(JAVA_INT, IOCTL_TARGET_COUNT, Integer.MAX_VALUE));
        UnexpectedReplyException e = unexpected(() -> dm.status(DEV));
        assertTrue(e.getMessage().startsWith("DM_TABLE_STATUS on name 't': target_count 2147483647 does not fit"), e.getMessage());
        // a count that disagrees with the specs is asked for again (a table may have changed meanwhile), boundedly
        assertEquals(1 + 3, kernel.calls(CommandSpec.TABLE_STATUS));
    }

    @Test
    void aCountThatDisagreesOnceIsAskedForAgainAndTheWholeTableComesBack() {
        threeTargets();
        // the kernel's race: target_count of one table, the specs of another (here: one target fewer)
        garble(CommandSpec.TABLE_STATUS, 1, p -> p.set(JAVA_INT, IOCTL_TARGET_COUNT, 2));
        Table table = dm.table(DEV).table();
        assertEquals(3, table.lines().size(), "a truncated table would be loaded back by a read-modify-reload");
        assertEquals(2, kernel.calls(CommandSpec.TABLE_STATUS));
    }

    @Test
    void aCountOfMoreTargetsThanTheSpecsIsNeverATruncatedTable() {
        threeTargets();
        garble(CommandSpec.TABLE_STATUS, -1, p -> p.set(JAVA_INT, IOCTL_TARGET_COUNT, 2));
        UnexpectedReplyException e = unexpected(() -> dm.table(DEV));
        assertTrue(e.getMessage().contains("the last of 2 targets ends at"), e.getMessage());
        garble(CommandSpec.TABLE_STATUS, -1, p -> p.set(JAVA_INT, IOCTL_TARGET_COUNT, 4));
        unexpected(() -> dm.status(DEV));
    }

    @Test
    void aNextThatPointsBackOrAtItselfIsRefused() {
        threeTargets();
        for (int next : new int[] {0, 8, 4, -8}) {
            garble(CommandSpec.TABLE_STATUS, -1, p -> p.set(JAVA_INT, IOCTL_SIZE + SPEC_NEXT, next));
            UnexpectedReplyException e = unexpected(() -> dm.status(DEV));
            assertTrue(e.getMessage().contains("does not point past its text") || e.getMessage().contains("past the reply's end"),
                    e.getMessage());
        }
    }

    @Test
    void aReplyThatBreaksATablesRuleIsAnUnexpectedReplyNotBadInput() {
        threeTargets();
        // a gap: the second target does not start where the first ends
        garble(CommandSpec.TABLE_STATUS, -1, p -> p.set(JAVA_LONG, IOCTL_SIZE + 48 + SPEC_SECTOR_START, 100L));
        UnexpectedReplyException e = unexpected(() -> dm.table(DEV));
        assertInstanceOf(InvalidInputException.class, e.getCause());
        assertTrue(e.getMessage().contains("gap in table"), e.getMessage());
    }

    @Test
    void theFramingIsCheckedForEveryCommand() {
        threeTargets();
        for (int[] frame : new int[][] {{IOCTL_SIZE, 16 * 1024 * 1024}, {IOCTL_SIZE, 100}, {IOCTL_SIZE, -1}, {0, 305}, {305, 305}}) {
            garble(CommandSpec.DEV_STATUS, -1, p -> {
                p.set(JAVA_INT, IOCTL_DATA_START, frame[0]);
                p.set(JAVA_INT, IOCTL_DATA_SIZE, frame[1]);
            });
            UnexpectedReplyException e = unexpected(() -> dm.info(DEV));
            assertTrue(e.getMessage().contains("do not frame a reply"), e.getMessage());
        }
    }

    @Test
    void listRecordsMustStayWithinTheReply() {
        dm.create(DeviceName.of("a"), CreateOptions.defaults().withUuid("ua"));
        dm.create(DeviceName.of("b"));
        // the name runs to the end of the data without a NUL
        garble(CommandSpec.LIST_DEVICES, -1, p -> {
            for (long i = IOCTL_SIZE + NAME_LIST_NAME; i < p.get(JAVA_INT, IOCTL_DATA_SIZE); i++) {
                p.set(JAVA_BYTE, i, (byte) 'x');
            }
            p.set(JAVA_INT, IOCTL_SIZE + NAME_LIST_NEXT, 0);
        });
        assertTrue(unexpected(dm::list).getMessage().contains("not terminated"));
        for (int next : new int[] {4, 12, 1 << 20, -8}) {
            garble(CommandSpec.LIST_DEVICES, -1, p -> p.set(JAVA_INT, IOCTL_SIZE + NAME_LIST_NEXT, next));
            assertTrue(unexpected(dm::list).getMessage().startsWith("DM_LIST_DEVICES: device list record"));
        }
    }

    @Test
    void depsAndVersionsAreCheckedToo() {
        threeTargets();
        garble(CommandSpec.TABLE_DEPS, -1, p -> p.set(JAVA_INT, IOCTL_SIZE + DEPS_COUNT, 1_000_000));
        assertTrue(unexpected(() -> dm.deps(DEV)).getMessage().contains("dependency count 1000000"));
        garble(CommandSpec.GET_TARGET_VERSION, -1, p -> p.set(JAVA_INT, IOCTL_DATA_SIZE, IOCTL_SIZE));
        assertTrue(unexpected(() -> dm.targetVersion("linear")).getMessage().contains("no target version"));
        garble(CommandSpec.LIST_VERSIONS, -1, p -> p.set(JAVA_INT, IOCTL_SIZE + VERSIONS_NEXT, 3));
        unexpected(dm::targetVersions);
        // past the name but not on the kernel's 8-byte alignment: the next record's fields would be unaligned
        garble(CommandSpec.LIST_VERSIONS, -1, p -> p.set(JAVA_INT, IOCTL_SIZE + VERSIONS_NEXT, 73));
        assertTrue(unexpected(dm::targetVersions).getMessage().contains("next 73"));
    }

    @Test
    void aMessageToADeviceWithoutTableIsRefusedAsTheKernelMeansIt() {
        dm.create(DeviceName.of("t")); // no live table: the kernel answers +2 to a target message and copies nothing
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> dm.message(DEV, 0, "create_thin 0"));
        assertEquals(Errno.EINVAL.number(), e.errno());
        assertTrue(e.getMessage().contains("no live table") && e.getMessage().contains("create_thin 0"), e.getMessage());
    }

    @Test
    void anyOtherPositiveAnswerIsUnexpectedNotAnErrnoOfZero() {
        threeTargets();
        kernel.garble = (spec, param, size, r) -> spec == CommandSpec.TARGET_MSG ? 3 : r;
        UnexpectedReplyException e = unexpected(() -> dm.message(DEV, 0, "@stats_list"));
        assertTrue(e.getMessage().contains("returned 3"), e.getMessage());
        kernel.garble = (spec, param, size, r) -> spec == CommandSpec.DEV_STATUS ? 2 : r;
        assertTrue(unexpected(() -> dm.info(DEV)).getMessage().contains("returned 2"));
    }

    @Test
    void anUnterminatedMessageReplyIsRefused() {
        threeTargets();
        kernel.messageReplies = words -> "reply";
        garble(CommandSpec.TARGET_MSG, -1, p -> p.set(JAVA_BYTE, IOCTL_SIZE + 5, (byte) '!'));
        unexpected(() -> dm.message(DEV, 0, "@stats_list"));
        kernel.garble = null;
        assertEquals("reply", dm.message(DEV, 0, "@stats_list").orElseThrow());
    }

    @Test
    void aWellFormedReplyIsUnchanged() {
        threeTargets();
        kernel.setStatus("t", 1, "some status");
        StatusReport status = dm.status(DEV);
        assertEquals(List.of("", "some status", ""), status.targets().stream().map(t -> t.text()).toList());
        assertEquals(3, dm.table(DEV, QueryOptions.defaults()).table().lines().size());
        assertEquals(2, kernel.calls(CommandSpec.TABLE_STATUS)); // one each, nothing retried
        assertNull(kernel.garble);
        assertEquals(0, kernel.lastFlags() & DmFlags.QUERY_INACTIVE_TABLE);
    }
}
