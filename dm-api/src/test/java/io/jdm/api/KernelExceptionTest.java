package io.jdm.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelExceptionTest {
    private static final DeviceRef DEV = DeviceRef.name("vol");

    @Test
    void errnoPicksTheSubclass() {
        assertInstanceOf(NoSuchDeviceException.class, KernelException.of(Command.DEV_STATUS, DEV, 6, null));
        assertInstanceOf(DeviceBusyException.class, KernelException.of(Command.DEV_REMOVE, DEV, 16, null));
        assertInstanceOf(DeviceExistsException.class, KernelException.of(Command.DEV_CREATE, DEV, 16, null));
        assertInstanceOf(DeviceExistsException.class, KernelException.of(Command.DEV_RENAME, DEV, 16, null));
        // DEV_CREATE's ENXIO is alloc_dev failing (the persistent minor is taken), not a missing device
        KernelException minorTaken = KernelException.of(Command.DEV_CREATE, DEV, 6, "minor=4000");
        assertInstanceOf(DeviceExistsException.class, minorTaken);
        assertEquals("ENXIO", minorTaken.errnoName());
        assertTrue(minorTaken.getMessage().contains("minor asked for is taken"), minorTaken.getMessage());
        assertInstanceOf(InvalidArgumentException.class, KernelException.of(Command.TABLE_LOAD, DEV, 22, null));
        assertInstanceOf(PermissionDeniedException.class, KernelException.of(Command.VERSION, null, 13, null));
        assertInstanceOf(PermissionDeniedException.class, KernelException.of(Command.VERSION, null, 1, null));
        assertEquals(KernelException.class, KernelException.of(Command.TABLE_LOAD, DEV, 12, null).getClass());
        assertEquals(KernelException.class, KernelException.of(Command.TABLE_LOAD, DEV, 4242, null).getClass());
    }

    @Test
    void messageNamesCommandDeviceErrnoAndWhatWasSent() {
        KernelException e = KernelException.of(Command.TABLE_LOAD, DEV, 22, "0 100 linear 7:0 0");
        assertEquals("DM_TABLE_LOAD on name 'vol' failed: EINVAL (22, Invalid argument); sent: 0 100 linear 7:0 0",
                e.getMessage());
        assertEquals("EINVAL", e.errnoName());
        assertEquals(22, e.errno());
        assertEquals(Command.TABLE_LOAD, e.command());
        assertEquals(DEV, e.device().orElseThrow());
        assertEquals("0 100 linear 7:0 0", e.sent().orElseThrow());
        assertEquals("errno 4242", KernelException.of(Command.VERSION, null, 4242, null).errnoName());
        assertTrue(KernelException.of(Command.VERSION, null, 13, null).getMessage().contains("CAP_SYS_ADMIN"));
    }
}
