package io.jdm.thin.monitor;

import io.jdm.api.InvalidInputException;

/**
 * When and by how much a pool grows, with the meaning LVM's {@code thin_pool_autoextend_threshold} and
 * {@code thin_pool_autoextend_percent} have in lvm.conf: once the used share of a space reaches the
 * threshold, the space grows by the percent of its current size, again and again until the used share
 * is below the threshold (or the maximum is reached). Data and metadata have a rule each.
 *
 * @param data     the rule for the pool's data space
 * @param metadata the rule for the pool's metadata space
 */
public record AutoextendPolicy(Rule data, Rule metadata) {
    /** LVM's own limits: below 50% it would extend a pool that is half empty. */
    public static final int MIN_THRESHOLD = 50;
    /** A threshold of 100 turns extending off: the space is only watched. */
    public static final int OFF = 100;

    public AutoextendPolicy {
        if (data == null || metadata == null) {
            throw new InvalidInputException("autoextend policy: data and metadata rules are required");
        }
    }

    /** 80 / 20 for both spaces, as Docker's direct-lvm setup configures LVM, and no maximum. */
    public static AutoextendPolicy lvmDefaults() {
        return of(80, 20);
    }

    /** The same threshold and percent for data and metadata, no maximum. */
    public static AutoextendPolicy of(int thresholdPercent, int percent) {
        Rule rule = Rule.of(thresholdPercent, percent);
        return new AutoextendPolicy(rule, rule);
    }

    /** Watch only: report, never extend. */
    public static AutoextendPolicy watchOnly() {
        Rule off = new Rule(OFF, 20, Long.MAX_VALUE);
        return new AutoextendPolicy(off, off);
    }

    public AutoextendPolicy withData(Rule data) {
        return new AutoextendPolicy(data, metadata);
    }

    public AutoextendPolicy withMetadata(Rule metadata) {
        return new AutoextendPolicy(data, metadata);
    }

    public Rule rule(PoolSpace space) {
        return space == PoolSpace.DATA ? data : metadata;
    }

    /**
     * One space's rule. The arithmetic ({@link #reached}, {@link #extendedSize}) works in whatever unit the
     * space is counted in (data blocks, metadata blocks).
     *
     * @param thresholdPercent 50..100; 100 means never extend
     * @param percent          how much to grow, as a percent of the current size; at least 1
     * @param maximumBytes     the size never to grow the space beyond ({@code Long.MAX_VALUE}: no limit but the kernel's)
     */
    public record Rule(int thresholdPercent, int percent, long maximumBytes) {
        public Rule {
            if (thresholdPercent < MIN_THRESHOLD || thresholdPercent > OFF) {
                throw new InvalidInputException("autoextend threshold must be " + MIN_THRESHOLD + ".." + OFF
                        + " percent (" + OFF + " turns extending off), got " + thresholdPercent);
            }
            if (percent <= 0) {
                throw new InvalidInputException("autoextend percent must be positive, got " + percent);
            }
            if (maximumBytes <= 0) {
                throw new InvalidInputException("autoextend maximum must be positive, got " + maximumBytes + " bytes");
            }
        }

        public static Rule of(int thresholdPercent, int percent) {
            return new Rule(thresholdPercent, percent, Long.MAX_VALUE);
        }

        /** This rule, never growing the space beyond {@code maximumBytes}. */
        public Rule withMaximumBytes(long maximumBytes) {
            return new Rule(thresholdPercent, percent, maximumBytes);
        }

        public boolean extending() {
            return thresholdPercent < OFF;
        }

        /** Whether {@code used} of {@code total} has reached the threshold (a full space always has). */
        public boolean reached(long used, long total) {
            return total <= 0 || used >= total || multiplyExact(used, 100) >= multiplyExact(total, thresholdPercent);
        }

        /**
         * The size the space should grow to: {@code total} plus {@code percent} of it, repeated while
         * {@code used} would still be at or over the threshold, never beyond {@code maximum} (the rule's
         * maximum in the space's unit). Equal to {@code total} when nothing is to be done (below the
         * threshold, extending off, at the maximum).
         */
        public long extendedSize(long used, long total, long maximum) {
            if (!extending() || !reached(used, total) || total >= maximum) {
                return total;
            }
            long size = total;
            do {
                long step = Math.max(1, multiplyExact(size, percent) / 100);
                size = size > maximum - step ? maximum : size + step;
            } while (size < maximum && reached(used, size));
            return size;
        }

        /**
         * The pool's low-water mark for a data space of {@code total} blocks: the free blocks left once the
         * used share reaches the threshold. The kernel compares the free count with the mark before each
         * allocation, so its event comes with the next allocation after that: by then the status a
         * monitor reads shows the threshold reached (a mark one higher would fire while the status
         * could still show one block under it, and the event comes only once per resume).
         */
        public long lowWaterMark(long total) {
            long usedAtThreshold = ceilDiv(multiplyExact(total, thresholdPercent), 100);
            return Math.max(0, total - usedAtThreshold);
        }

        /** Saturating: sizes near Long.MAX_VALUE ("no maximum") must not wrap. */
        private static long multiplyExact(long a, long b) {
            try {
                return Math.multiplyExact(a, b);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }

        private static long ceilDiv(long a, long b) {
            return -Math.floorDiv(-a, b);
        }
    }
}
