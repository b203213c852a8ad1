package io.jdm.targets.status;

import io.jdm.targets.DelayTarget;

/**
 * The status of a {@code delay} target: how many reads, writes and flushes it is holding back right now.
 * Not a running total: the kernel counts a bio up when it queues it and down when it lets it go
 * (proven on 6.1 by {@code TargetDataKernelTest}).
 */
public record DelayStatus(long readOps, long writeOps, long flushOps) {
    public static final String TYPE = DelayTarget.TYPE;

    public static StatusResult<DelayStatus> parse(String text) {
        return Words.read(TYPE, text, w -> {
            return new DelayStatus(w.number("read count"), w.number("write count"),
                    w.number("flush count"));
        });
    }
}
