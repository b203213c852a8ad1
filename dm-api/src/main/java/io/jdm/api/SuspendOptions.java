package io.jdm.api;

/**
 * Options of suspend (and of a resume that swaps in a new table, which suspends first).
 *
 * @param noFlush    do not flush queued I/O ({@code DM_NOFLUSH_FLAG})
 * @param skipLockfs do not freeze a mounted filesystem ({@code DM_SKIP_LOCKFS_FLAG})
 */
public record SuspendOptions(boolean noFlush, boolean skipLockfs) {
    private static final SuspendOptions DEFAULTS = new SuspendOptions(false, false);

    public static SuspendOptions defaults() {
        return DEFAULTS;
    }

    public SuspendOptions withNoFlush(boolean noFlush) {
        return new SuspendOptions(noFlush, skipLockfs);
    }

    public SuspendOptions withSkipLockfs(boolean skipLockfs) {
        return new SuspendOptions(noFlush, skipLockfs);
    }
}
