package io.jdm.ioctl.internal;

import io.jdm.api.Command;
import org.junit.jupiter.api.Test;

import static io.jdm.ioctl.internal.DmStructs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pins every size, offset and request code to the kernel's numbers (dm-ioctl.h on x86_64). */
class StructLayoutTest {

    @Test
    void dmIoctl() {
        assertEquals(312, DM_IOCTL.byteSize());
        assertEquals(8, DM_IOCTL.byteAlignment());
        assertEquals(0, IOCTL_VERSION);
        assertEquals(12, IOCTL_DATA_SIZE);
        assertEquals(16, IOCTL_DATA_START);
        assertEquals(20, IOCTL_TARGET_COUNT);
        assertEquals(24, IOCTL_OPEN_COUNT);
        assertEquals(28, IOCTL_FLAGS);
        assertEquals(32, IOCTL_EVENT_NR);
        assertEquals(40, IOCTL_DEV);
        assertEquals(48, IOCTL_NAME);
        assertEquals(176, IOCTL_UUID);
        assertEquals(305, IOCTL_MIN_DATA_SIZE);
        assertEquals(312, IOCTL_SIZE);
    }

    @Test
    void dmTargetSpec() {
        assertEquals(40, SPEC_SIZE);
        assertEquals(0, SPEC_SECTOR_START);
        assertEquals(8, SPEC_LENGTH);
        assertEquals(16, SPEC_STATUS);
        assertEquals(20, SPEC_NEXT);
        assertEquals(24, SPEC_TARGET_TYPE);
    }

    @Test
    void listShapedStructs() {
        assertEquals(8, DM_TARGET_DEPS.byteSize());
        assertEquals(0, DEPS_COUNT);
        assertEquals(8, DEPS_DEV);
        assertEquals(16, DM_NAME_LIST.byteSize());
        assertEquals(0, NAME_LIST_DEV);
        assertEquals(8, NAME_LIST_NEXT);
        assertEquals(12, NAME_LIST_NAME);
        assertEquals(16, DM_TARGET_VERSIONS.byteSize());
        assertEquals(0, VERSIONS_NEXT);
        assertEquals(4, VERSIONS_VERSION);
        assertEquals(16, VERSIONS_NAME);
        assertEquals(8, DM_TARGET_MSG.byteSize());
        assertEquals(0, MSG_SECTOR);
        assertEquals(8, MSG_MESSAGE);
    }

    @Test
    void requestCodesAreIowrOfDmIoctl() {
        // _IOWR(0xfd, nr, struct dm_ioctl) = (3 << 30) | (312 << 16) | (0xfd << 8) | nr
        assertEquals(0xC138FD00L, CommandSpec.VERSION.request());
        assertEquals(0xC138FD09L, CommandSpec.TABLE_LOAD.request());
        assertEquals(0xC138FD11L, CommandSpec.GET_TARGET_VERSION.request());
        for (CommandSpec spec : CommandSpec.values()) {
            assertEquals(0xC138FD00L + spec.ordinal(), spec.request(), spec.name());
            assertEquals(spec.command(), Command.values()[spec.ordinal()]);
            assertEquals(spec.name(), spec.command().name());
        }
        assertEquals(18, CommandSpec.values().length);
    }

    @Test
    void minimumVersionsAreLibdmsPerCommandOnes() {
        assertEquals(1, CommandSpec.LIST_VERSIONS.minimumVersion().minor());
        assertEquals(2, CommandSpec.TARGET_MSG.minimumVersion().minor());
        assertEquals(6, CommandSpec.DEV_SET_GEOMETRY.minimumVersion().minor());
        assertEquals(36, CommandSpec.DEV_ARM_POLL.minimumVersion().minor());
        assertEquals(41, CommandSpec.GET_TARGET_VERSION.minimumVersion().minor());
        assertEquals(0, CommandSpec.TABLE_LOAD.minimumVersion().minor());
    }
}
