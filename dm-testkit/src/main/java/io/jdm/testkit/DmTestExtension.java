package io.jdm.testkit;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The JUnit 5 side of the kit (usually through {@link KernelTest}). Resolves parameters of type
 * {@link DeviceMapper} (one per test class) and {@link DmScratch} (one per test, also in
 * {@code @BeforeEach}). After each test, passed or failed, and after its {@code @AfterEach} methods,
 * it removes every device named with the scratch prefix, detaches the scratch loops and deletes the
 * files; what it had to remove is printed as a warning, or fails the test when the test called
 * {@link DmScratch#expectNoLeftovers()}. A device it cannot remove at all fails the test.
 *
 * <p>To open device-mapper with other options, leave out {@code @KernelTest} and register
 * {@code @RegisterExtension static DmTestExtension dm = DmTestExtension.withOptions(...)} next to
 * {@code @Tag("kernel")}.
 */
public final class DmTestExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DmTestExtension.class);
    private static final String ACCESS = "access";
    private static final String SCRATCH = "scratch";
    /** Where scratch files go: this property, else /tmp (a tmpfs in jdm's VM), else java.io.tmpdir. */
    public static final String TMPDIR_PROPERTY = "jdm.testkit.tmpdir";

    private final Supplier<DeviceMapper> opener;

    /** Opens device-mapper with the default options. */
    public DmTestExtension() {
        this(DeviceMapper::open);
    }

    private DmTestExtension(Supplier<DeviceMapper> opener) {
        this.opener = opener;
    }

    public static DmTestExtension withOptions(DeviceMapperOptions options) {
        Objects.requireNonNull(options, "options");
        return new DmTestExtension(() -> DeviceMapper.open(options));
    }

    /** For the kit's own tests: any way of opening, e.g. one that fails. */
    static DmTestExtension withOpener(Supplier<DeviceMapper> opener) {
        return new DmTestExtension(opener);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        KernelAccess.abortIfSkipRequested();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        scratch(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        DmScratch scratch = context.getStore(NAMESPACE).remove(SCRATCH, DmScratch.class);
        if (scratch == null) {
            return;
        }
        LeftoverVerdict.of(scratch, scratch.cleanUp()).report(context);
    }

    /** In the throwaway VM, a device outside any scratch prefix (or a loop left attached) fails the class. */
    @Override
    public void afterAll(ExtensionContext context) {
        KernelAccess access = context.getStore(NAMESPACE).get(ACCESS, KernelAccess.class);
        if (access == null || !ExclusiveKernelCheck.applies()) {
            return;
        }
        String leftovers = ExclusiveKernelCheck.leftovers(access.mapper());
        if (leftovers != null) {
            fail(context.getDisplayName() + " left " + leftovers);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DeviceMapper.class || type == DmScratch.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == DeviceMapper.class) {
            KernelAccess.abortIfSkipRequested();
            return access(context).testView();
        }
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("a DmScratch belongs to one test: take it in a test method or"
                    + " a @BeforeEach/@AfterEach method, not in " + parameter.getDeclaringExecutable());
        }
        return scratch(context);
    }

    /** This test's scratch, made on first use: the skip check and the open come first. */
    private DmScratch scratch(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        DmScratch scratch = store.get(SCRATCH, DmScratch.class);
        if (scratch == null) {
            KernelAccess.abortIfSkipRequested();
            DeviceMapper dm = access(context).mapper();
            scratch = new DmScratch(dm, DmScratch.newPrefix(), tempBase());
            store.put(SCRATCH, scratch);
        }
        return scratch;
    }

    /** The test class's device-mapper, kept in the class's store so JUnit closes it after the class. */
    private KernelAccess access(ExtensionContext context) {
        return classContext(context).getStore(NAMESPACE)
                .getOrComputeIfAbsent(ACCESS, key -> KernelAccess.open(opener), KernelAccess.class);
    }

    /** Walks up from a test (or a parameterized invocation of one) to its class. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    static Path tempBase() {
        String configured = System.getProperty(TMPDIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path tmp = Path.of("/tmp");
        return Files.isDirectory(tmp) && Files.isWritable(tmp) ? tmp : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Turns a cleanup into a failure or a warning, as the test asked. */
    record LeftoverVerdict(String prefix, boolean strict, DmScratch.Cleanup cleanup) {
        static LeftoverVerdict of(DmScratch scratch, DmScratch.Cleanup cleanup) {
            return new LeftoverVerdict(scratch.prefix(), scratch.expectsNoLeftovers(), cleanup);
        }

        /** Null when there is nothing to say. */
        String failure() {
            SweepReport sweep = cleanup.sweep();
            if (strict && sweep.foundAny()) {
                return "the test expected to leave no devices, but devices with prefix " + prefix
                        + " were still there after it: " + sweep.describe();
            }
            if (!sweep.failed().isEmpty()) {
                return "cleanup after the test could not remove every device with prefix " + prefix + ": "
                        + sweep.describe();
            }
            return null;
        }

        /** Null when there is nothing to say. */
        String warning() {
            StringBuilder sb = new StringBuilder();
            if (!strict && sweep().foundAny() && sweep().failed().isEmpty()) {
                sb.append("the test left devices with prefix ").append(prefix).append(" behind; ")
                        .append(sweep().describe());
            }
            for (String problem : cleanup.problems()) {
                sb.append(sb.isEmpty() ? "" : "; ").append(problem);
            }
            return sb.isEmpty() ? null : sb.toString();
        }

        private SweepReport sweep() {
            return cleanup.sweep();
        }

        void report(ExtensionContext context) {
            String warning = warning();
            if (warning != null) {
                System.err.println("[jdm-testkit] WARNING " + context.getDisplayName() + ": " + warning);
                context.publishReportEntry("jdm-testkit", warning);
            }
            String failure = failure();
            if (failure != null) {
                fail(failure);
            }
        }
    }
}
