package io.jdm.targets;

import io.jdm.api.InvalidInputException;

import java.util.Optional;

/**
 * {@code delay}: 3, 6 or 9 arguments, {@code <dev> <offset> <delay_ms>} for reads, then optionally for
 * writes (and flushes, unless a third triple is given), then optionally for flushes.
 */
public record DelayTarget(Leg read, Optional<Leg> write, Optional<Leg> flush) implements Target {
    public static final String TYPE = "delay";

    /** One {@code <dev> <offset> <delay_ms>} triple. */
    public record Leg(BlockDev device, long offset, long delayMs) {
        public Leg {
            Check.notNull(TYPE, "device", device);
            Check.nonNegative(TYPE, "offset", offset);
            Check.u32(TYPE, "delay (ms)", delayMs);
        }

        String format() {
            return device.format() + " " + offset + " " + delayMs;
        }
    }

    public DelayTarget {
        Check.notNull(TYPE, "read leg", read);
        Check.notNull(TYPE, "write leg", write);
        Check.notNull(TYPE, "flush leg", flush);
        if (flush.isPresent() && write.isEmpty()) {
            throw new InvalidInputException(TYPE + ": a flush leg needs a write leg (9 arguments)");
        }
    }

    /** The 3-argument form: the same delay for reads, writes and flushes. */
    public static DelayTarget of(BlockDev device, long offset, long delayMs) {
        return new DelayTarget(new Leg(device, offset, delayMs), Optional.empty(), Optional.empty());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        return read.format() + write.map(w -> " " + w.format()).orElse("") + flush.map(f -> " " + f.format()).orElse("");
    }

    public static DelayTarget parse(String params) {
        Args a = Args.of(TYPE, params);
        int n = a.remaining();
        if (n != 3 && n != 6 && n != 9) {
            throw a.error("requires exactly 3, 6 or 9 arguments, got " + n);
        }
        Leg read = leg(a);
        Optional<Leg> write = n >= 6 ? Optional.of(leg(a)) : Optional.empty();
        Optional<Leg> flush = n == 9 ? Optional.of(leg(a)) : Optional.empty();
        a.end();
        return new DelayTarget(read, write, flush);
    }

    private static Leg leg(Args a) {
        return new Leg(a.dev("device"), a.u64("offset"), a.u32("delay (ms)"));
    }
}
