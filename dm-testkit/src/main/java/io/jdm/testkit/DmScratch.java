package io.jdm.testkit;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.ListedDevice;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.ioctl.loop.LoopException;
import io.jdm.ioctl.loop.LoopOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One test's scratch space: a device-name prefix no other test (or JVM) uses, loop devices on sparse
 * files, and a temp directory. After the test {@link DmTestExtension} removes every device whose name
 * starts with {@link #prefix()}, detaches the loops and deletes the files.
 *
 * <p>Name every device the test makes with {@link #name(String)}: devices named otherwise are not the
 * kit's to find.
 */
public final class DmScratch implements AutoCloseable {
    /** Every scratch prefix starts with this, so leftovers of a killed run are easy to spot. */
    public static final String PREFIX_START = "jdmt-";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int RANDOM_CHARS = 6;
    private static final RandomGenerator RANDOM = new SecureRandom();
    private static final Set<String> USED_PREFIXES = ConcurrentHashMap.newKeySet();
    /** Prefixes of the scratch spaces not yet cleaned up. */
    private static final Set<String> LIVE_PREFIXES = ConcurrentHashMap.newKeySet();

    private final DeviceMapper dm;
    private final String prefix;
    private final Path tempBase;
    private final List<LoopDevice> loops = new ArrayList<>();
    private Path tempDir;
    private boolean expectNoLeftovers;

    DmScratch(DeviceMapper dm, String prefix, Path tempBase) {
        this.dm = dm;
        this.prefix = prefix;
        this.tempBase = tempBase;
        LIVE_PREFIXES.add(prefix);
    }

    /**
     * A scratch space for tests that {@link KernelTest} cannot reach (a jqwik property, a test framework
     * of your own): the same prefix, loops and files, cleaned up by {@link #close()}.
     */
    public static DmScratch open(DeviceMapper dm) {
        return new DmScratch(java.util.Objects.requireNonNull(dm, "dm"), newPrefix(), DmTestExtension.tempBase());
    }

    /**
     * Removes every device with the prefix (users first), detaches the loops and deletes the files, as
     * the extension does after a test.
     *
     * @throws IllegalStateException if something could not be removed, or devices were left although
     *                               {@link #expectNoLeftovers()} was called; it names them
     */
    @Override
    public void close() {
        Cleanup cleanup = cleanUp();
        SweepReport sweep = cleanup.sweep();
        if (!sweep.failed().isEmpty() || !cleanup.problems().isEmpty() || (expectNoLeftovers && sweep.foundAny())) {
            throw new IllegalStateException("scratch " + prefix + " did not end clean: " + sweep.describe()
                    + (cleanup.problems().isEmpty() ? "" : "; " + String.join("; ", cleanup.problems())));
        }
    }

    /** True when {@code deviceName} belongs to a scratch space that has not been cleaned up yet. */
    static boolean isLivePrefixOf(String deviceName) {
        return LIVE_PREFIXES.stream().anyMatch(deviceName::startsWith);
    }

    /** {@code "jdmt-" + 6 random [a-z0-9] + "-"}: 12 bytes, leaving 115 for the test's own suffixes. */
    static String newPrefix(RandomGenerator random) {
        StringBuilder sb = new StringBuilder(PREFIX_START);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.append('-').toString();
    }

    /**
     * A fresh prefix, never one this JVM handed out before (random draws alone collide: 20,000 draws
     * from 36^6 repeat about once in 15 runs); other JVMs are kept apart by the randomness.
     */
    static String newPrefix() {
        while (true) {
            String prefix = newPrefix(RANDOM);
            if (USED_PREFIXES.add(prefix)) {
                return prefix;
            }
        }
    }

    /** The prefix of every device this test makes, e.g. {@code "jdmt-k3x9q2-"}. */
    public String prefix() {
        return prefix;
    }

    /** {@code prefix() + suffix}, checked as a device name. */
    public DeviceName name(String suffix) {
        return DeviceName.of(prefix + suffix);
    }

    /** A read-write, auto-clear loop device over a new sparse file of {@code bytes}. */
    public LoopDevice loop(long bytes) {
        return loop(bytes, LoopOptions.defaults());
    }

    public synchronized LoopDevice loop(long bytes, LoopOptions options) {
        Path file = LoopControl.createSparseFile(tempDir().resolve("loop" + loops.size() + ".img"), bytes);
        LoopDevice loop = LoopControl.attach(file, options);
        loops.add(loop);
        return loop;
    }

    /** A directory of this test's own, deleted after it. */
    public synchronized Path tempDir() {
        if (tempDir == null) {
            try {
                Files.createDirectories(tempBase);
                tempDir = Files.createTempDirectory(tempBase, prefix);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot make a temp directory under " + tempBase, e);
            }
        }
        return tempDir;
    }

    /**
     * Declares that the test removes everything it makes (e.g. it checks a rollback path): if the kit
     * still finds a device with the prefix after the test, the test fails, naming what was left.
     */
    public synchronized void expectNoLeftovers() {
        expectNoLeftovers = true;
    }

    public synchronized boolean expectsNoLeftovers() {
        return expectNoLeftovers;
    }

    /** The devices with this test's prefix, as the kernel lists them now. */
    public List<ListedDevice> devices() {
        return LeftoverSweeper.devicesWithPrefix(dm, prefix);
    }

    /** Fails at once if any device with this test's prefix exists (removes nothing). */
    public void assertNothingLeft() {
        List<ListedDevice> left = devices();
        if (!left.isEmpty()) {
            fail("devices with prefix " + prefix + " still exist: "
                    + String.join(", ", left.stream().map(d -> d.name().value()).toList()));
        }
    }

    /** Devices first (they may use the loops), then loops, then files. */
    synchronized Cleanup cleanUp() {
        List<String> problems = new ArrayList<>();
        SweepReport sweep;
        try {
            sweep = new LeftoverSweeper(dm).sweep(prefix);
        } catch (RuntimeException e) {
            sweep = SweepReport.empty();
            problems.add("could not look for leftover devices with prefix " + prefix + ": " + e);
        }
        for (LoopDevice loop : loops) {
            List<String> holders = loop.isAttached() ? loop.holders() : List.of();
            try {
                loop.close();
            } catch (LoopException e) {
                problems.add("could not detach " + loop + ": " + e.getMessage());
                continue;
            }
            if (!holders.isEmpty()) {
                problems.add(loop + " is still held by " + String.join(", ", holders)
                        + " (devices not named with the prefix?); the kernel detaches it when they let go");
            }
        }
        loops.clear();
        if (tempDir != null) {
            deleteTree(tempDir, problems);
            tempDir = null;
        }
        LIVE_PREFIXES.remove(prefix);
        return new Cleanup(sweep, problems);
    }

    private static void deleteTree(Path dir, List<String> problems) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            problems.add("could not delete " + dir + ": " + e);
        }
    }

    /** What {@link #cleanUp()} did: the device sweep and anything else that went wrong. */
    record Cleanup(SweepReport sweep, List<String> problems) {
    }

    @Override
    public String toString() {
        return "DmScratch[" + prefix + "]";
    }
}
