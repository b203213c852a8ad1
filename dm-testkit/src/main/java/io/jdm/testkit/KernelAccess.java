package io.jdm.testkit;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperUnavailableException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One test class's device-mapper: opened once, closed when the class is done (JUnit closes it with
 * the class's store). Remembers a failed open, so every test of the class fails with the same reason
 * without asking the kernel again.
 */
final class KernelAccess implements ExtensionContext.Store.CloseableResource {
    static final String SKIP_PROPERTY = "jdm.skipKernelTests";

    private final DeviceMapper mapper;
    private final DeviceMapperUnavailableException failure;

    private KernelAccess(DeviceMapper mapper, DeviceMapperUnavailableException failure) {
        this.mapper = mapper;
        this.failure = failure;
    }

    static KernelAccess open(Supplier<DeviceMapper> opener) {
        try {
            return new KernelAccess(opener.get(), null);
        } catch (DeviceMapperUnavailableException e) {
            return new KernelAccess(null, e);
        }
    }

    /** Aborts (skips) the test, only when the build asked for that out loud. */
    static void abortIfSkipRequested() {
        if (Boolean.getBoolean(SKIP_PROPERTY)) {
            Assumptions.abort("kernel tests skipped on purpose (-D" + SKIP_PROPERTY + "=true)");
        }
    }

    /** The device-mapper, or a test failure that says why there is none and what to do. */
    DeviceMapper mapper() {
        if (failure != null) {
            fail(unavailableMessage(failure), failure);
        }
        return mapper;
    }

    static String unavailableMessage(DeviceMapperUnavailableException cause) {
        return "this kernel test needs device-mapper, which this JVM cannot reach: " + cause.getMessage()
                + ". Run kernel tests through jdm's kernel-test runner (tools/vm: './mvnw verify' boots a throwaway"
                + " VM with device-mapper when this host has none), or pass -D" + SKIP_PROPERTY
                + "=true to skip them on purpose.";
    }

    /**
     * The mapper as tests get it: closing it does nothing, because the class's other tests and the
     * cleanup after each test still use it.
     */
    DeviceMapper testView() {
        DeviceMapper target = mapper();
        return new ForwardingDeviceMapper(target) {
            @Override
            public void close() {
            }

            @Override
            public String toString() {
                return "DeviceMapper shared by the test class (" + target + ")";
            }
        };
    }

    @Override
    public void close() {
        if (mapper != null) {
            mapper.close();
        }
    }
}
