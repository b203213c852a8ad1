package io.jdm.targets.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Puts a {@code logon} key into this process's keyring through the raw add_key syscall (glibc has no
 * wrapper and the test machine has no keyctl), so a crypt table can name it. The process keyring goes
 * away with the JVM; {@link #invalidate} drops the key sooner.
 */
final class ProcessKeyring {
    private static final long SYS_ADD_KEY = 248;   // x86_64
    private static final long SYS_KEYCTL = 250;
    private static final long KEY_SPEC_PROCESS_KEYRING = -2;
    private static final long KEYCTL_INVALIDATE = 21;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle ADD_KEY = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle KEYCTL = LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    private ProcessKeyring() {
    }

    /** Adds a logon key; returns its serial number. */
    static long addLogonKey(String description, byte[] payload) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(payload.length);
            data.copyFrom(MemorySegment.ofArray(payload));
            long serial = (long) ADD_KEY.invokeExact(SYS_ADD_KEY, arena.allocateFrom("logon"), arena.allocateFrom(description),
                    data, (long) payload.length, KEY_SPEC_PROCESS_KEYRING);
            data.fill((byte) 0);
            if (serial < 0) {
                throw new IllegalStateException("add_key failed: " + serial);
            }
            return serial;
        }
    }

    static void invalidate(long serial) throws Throwable {
        long r = (long) KEYCTL.invokeExact(SYS_KEYCTL, KEYCTL_INVALIDATE, serial);
        if (r < 0) {
            throw new IllegalStateException("keyctl invalidate failed: " + r);
        }
    }
}
