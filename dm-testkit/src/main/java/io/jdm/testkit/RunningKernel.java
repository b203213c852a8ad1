package io.jdm.testkit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel this JVM runs on ({@code uname -r}, which the JVM reports as {@code os.version}), so a
 * kernel test can assert what differs between the kernels jdm is tested on instead of skipping it.
 * The build boots one VM per kernel series ({@code JDM_VM_KERNEL_SERIES=5.10|6.1|6.12}, see
 * tools/vm/prepare.sh); {@link #requestedSeries()} is the series that was asked for.
 */
public record RunningKernel(String release, int major, int minor) {

    private static final Pattern RELEASE = Pattern.compile("(\\d+)\\.(\\d+)(?:[.\\-+].*)?");

    public RunningKernel {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("kernel version " + major + "." + minor);
        }
    }

    /** The running kernel. */
    public static RunningKernel current() {
        return parse(System.getProperty("os.version", ""));
    }

    /** Parses a release such as {@code 6.12.118+deb13-amd64} or {@code 5.10.0-46-amd64}. */
    public static RunningKernel parse(String release) {
        Matcher m = RELEASE.matcher(release);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a kernel release: \"" + release + "\"");
        }
        return new RunningKernel(release, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The series the build asked tools/vm to boot, if it asked for one. */
    public static Optional<String> requestedSeries() {
        return Optional.ofNullable(System.getenv("JDM_VM_KERNEL_SERIES")).filter(s -> !s.isBlank());
    }

    /** {@code MAJOR.MINOR}, e.g. {@code 6.12}: the long-term series this release belongs to. */
    public String series() {
        return major + "." + minor;
    }

    /** Whether this kernel is MAJOR.MINOR or later. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    @Override
    public String toString() {
        return release;
    }
}
