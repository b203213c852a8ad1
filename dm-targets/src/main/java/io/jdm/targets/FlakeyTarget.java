package io.jdm.targets;

import io.jdm.api.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code flakey}: {@code <dev> <offset> <up_secs> <down_secs> [<#features> <feature>...]}. Works for
 * {@code upSeconds}, then misbehaves for {@code downSeconds}, as the features say.
 *
 * <p>The kernel's rules, checked here: up + down is not zero; {@code drop_writes} and {@code error_writes}
 * exclude each other and any write corruption; {@code error_reads} excludes read corruption.
 * With no features at all the kernel errors reads and writes; 5.10 and 6.1 read such a table back
 * with {@code 0} features, 6.12 as {@code ... 2 error_reads error_writes} (both parse; this value
 * keeps what was asked for). {@code error_reads} itself is refused (EINVAL) by 5.10 and 6.1, although
 * their flakey has the same target version (1.5.0) as 6.12's: there is no version to gate it on.
 * Features are formatted in the kernel's fixed order.
 */
public record FlakeyTarget(BlockDev device, long offset, long upSeconds, long downSeconds,
                           boolean errorReads, boolean dropWrites, boolean errorWrites,
                           Optional<CorruptBioByte> corruptBioByte,
                           OptionalLong randomReadCorrupt, OptionalLong randomWriteCorrupt) implements Target {
    public static final String TYPE = "flakey";
    /** Probabilities of the random_*_corrupt features are out of this. */
    public static final long MAX_PROBABILITY = 1_000_000_000L;

    public FlakeyTarget {
        Check.notNull(TYPE, "device", device);
        Check.nonNegative(TYPE, "offset", offset);
        Check.u32(TYPE, "up interval (seconds)", upSeconds);
        Check.u32(TYPE, "down interval (seconds)", downSeconds);
        if (upSeconds + downSeconds == 0) {
            throw new InvalidInputException(TYPE + ": up and down intervals must not both be 0");
        }
        if (upSeconds + downSeconds > Check.U32_MAX) {
            throw new InvalidInputException(TYPE + ": up + down intervals overflow: " + upSeconds + " + " + downSeconds);
        }
        Check.notNull(TYPE, "corrupt_bio_byte", corruptBioByte);
        Check.notNull(TYPE, "random_read_corrupt", randomReadCorrupt);
        Check.notNull(TYPE, "random_write_corrupt", randomWriteCorrupt);
        randomReadCorrupt.ifPresent(p -> Check.range(TYPE, "random_read_corrupt probability", p, 0, MAX_PROBABILITY));
        randomWriteCorrupt.ifPresent(p -> Check.range(TYPE, "random_write_corrupt probability", p, 0, MAX_PROBABILITY));
        boolean writeCorrupt = randomWriteCorrupt.isPresent()
                || corruptBioByte.filter(c -> c.direction() == CorruptBioByte.Direction.WRITE).isPresent();
        boolean readCorrupt = randomReadCorrupt.isPresent()
                || corruptBioByte.filter(c -> c.direction() == CorruptBioByte.Direction.READ).isPresent();
        if (dropWrites && errorWrites) {
            throw new InvalidInputException(TYPE + ": drop_writes and error_writes exclude each other");
        }
        if ((dropWrites || errorWrites) && writeCorrupt) {
            throw new InvalidInputException(TYPE + ": " + (dropWrites ? "drop_writes" : "error_writes")
                    + " excludes write corruption (random_write_corrupt or corrupt_bio_byte w)");
        }
        if (errorReads && readCorrupt) {
            throw new InvalidInputException(TYPE + ": error_reads excludes read corruption (random_read_corrupt or corrupt_bio_byte r)");
        }
    }

    /** No features: the kernel then fails reads and writes while down. */
    public static FlakeyTarget of(BlockDev device, long offset, long upSeconds, long downSeconds) {
        return new FlakeyTarget(device, offset, upSeconds, downSeconds, false, false, false,
                Optional.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    public FlakeyTarget withErrorReads(boolean on) {
        return new FlakeyTarget(device, offset, upSeconds, downSeconds, on, dropWrites, errorWrites, corruptBioByte,
                randomReadCorrupt, randomWriteCorrupt);
    }

    public FlakeyTarget withDropWrites(boolean on) {
        return new FlakeyTarget(device, offset, upSeconds, downSeconds, errorReads, on, errorWrites, corruptBioByte,
                randomReadCorrupt, randomWriteCorrupt);
    }

    public FlakeyTarget withErrorWrites(boolean on) {
        return new FlakeyTarget(device, offset, upSeconds, downSeconds, errorReads, dropWrites, on, corruptBioByte,
                randomReadCorrupt, randomWriteCorrupt);
    }

    public FlakeyTarget withCorruptBioByte(CorruptBioByte corrupt) {
        return new FlakeyTarget(device, offset, upSeconds, downSeconds, errorReads, dropWrites, errorWrites,
                Optional.ofNullable(corrupt), randomReadCorrupt, randomWriteCorrupt);
    }

    public FlakeyTarget withRandomReadCorrupt(long probability) {
        return new FlakeyTarget(device, offset, upSeconds, downSeconds, errorReads, dropWrites, errorWrites,
                corruptBioByte, OptionalLong.of(probability), randomWriteCorrupt);
    }

    public FlakeyTarget withRandomWriteCorrupt(long probability) {
        return new FlakeyTarget(device, offset, upSeconds, downSeconds, errorReads, dropWrites, errorWrites,
                corruptBioByte, randomReadCorrupt, OptionalLong.of(probability));
    }

    /** True when no feature is set: the kernel then fails reads and writes while down. */
    public boolean hasNoFeatures() {
        return featureArgCount() == 0;
    }

    /**
     * What the kernel does with this value: without features, newer kernels (6.6+) set error_reads and
     * error_writes and read the table back that way ({@code 2 error_reads error_writes}), while 6.1 reads
     * it back as {@code 0}. Compare {@code effective()} values to be right on both.
     */
    public FlakeyTarget effective() {
        return hasNoFeatures() ? withErrorReads(true).withErrorWrites(true) : this;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The feature words in the kernel's order, without the count. */
    public List<String> featureWords() {
        List<String> words = new ArrayList<>();
        if (errorReads) {
            words.add("error_reads");
        }
        if (dropWrites) {
            words.add("drop_writes");
        }
        if (errorWrites) {
            words.add("error_writes");
        }
        corruptBioByte.ifPresent(c -> words.add(c.format()));
        randomReadCorrupt.ifPresent(p -> words.add("random_read_corrupt " + p));
        randomWriteCorrupt.ifPresent(p -> words.add("random_write_corrupt " + p));
        return words;
    }

    private int featureArgCount() {
        return (errorReads ? 1 : 0) + (dropWrites ? 1 : 0) + (errorWrites ? 1 : 0) + (corruptBioByte.isPresent() ? 5 : 0)
                + (randomReadCorrupt.isPresent() ? 2 : 0) + (randomWriteCorrupt.isPresent() ? 2 : 0);
    }

    @Override
    public String format() {
        String base = device.format() + " " + offset + " " + upSeconds + " " + downSeconds;
        int count = featureArgCount();
        return count == 0 ? base : base + " " + count + " " + String.join(" ", featureWords());
    }

    public static FlakeyTarget parse(String params) {
        Args a = Args.of(TYPE, params);
        BlockDev device = a.dev("device");
        long offset = a.u64("offset");
        long up = a.u32("up interval (seconds)");
        long down = a.u32("down interval (seconds)");
        FeatureReader f = new FeatureReader(a);
        if (a.hasNext()) {
            long count = Check.range(TYPE, "feature argument count", a.u32("feature argument count"), 0, 11);
            if (count > a.remaining()) {
                throw a.error("feature argument count " + count + " but only " + a.remaining() + " arguments follow");
            }
            int stop = a.remaining() - (int) count;
            while (a.remaining() > stop) {
                f.read(stop);
            }
        }
        a.end();
        return new FlakeyTarget(device, offset, up, down, f.errorReads, f.dropWrites, f.errorWrites,
                Optional.ofNullable(f.corrupt), f.randomRead, f.randomWrite);
    }

    /** Reads one feature (with its arguments) at a time, refusing duplicates as the kernel does. */
    private static final class FeatureReader {
        private final Args a;
        boolean errorReads;
        boolean dropWrites;
        boolean errorWrites;
        CorruptBioByte corrupt;
        OptionalLong randomRead = OptionalLong.empty();
        OptionalLong randomWrite = OptionalLong.empty();

        FeatureReader(Args a) {
            this.a = a;
        }

        void read(int stop) {
            String word = a.next("feature");
            switch (word.toLowerCase(Locale.ROOT)) {
                case "error_reads" -> errorReads = once(errorReads, word);
                case "drop_writes" -> dropWrites = once(dropWrites, word);
                case "error_writes" -> errorWrites = once(errorWrites, word);
                case "corrupt_bio_byte" -> {
                    once(corrupt != null, word);
                    need(4, stop, word);
                    long nth = a.u32("corrupt_bio_byte Nth byte");
                    String dir = a.next("corrupt_bio_byte direction");
                    CorruptBioByte.Direction direction = KernelWord.lookup(CorruptBioByte.Direction.class, dir)
                            .orElseThrow(() -> a.error("corrupt_bio_byte direction must be r or w, got '" + dir + "'"));
                    long value = a.u32("corrupt_bio_byte value");
                    long flags = a.u32("corrupt_bio_byte bio flags");
                    corrupt = new CorruptBioByte(nth, direction, (int) Check.range(TYPE, "corrupt_bio_byte value", value, 0, 255), flags);
                }
                case "random_read_corrupt" -> {
                    once(randomRead.isPresent(), word);
                    need(1, stop, word);
                    randomRead = OptionalLong.of(a.u32("random_read_corrupt probability"));
                }
                case "random_write_corrupt" -> {
                    once(randomWrite.isPresent(), word);
                    need(1, stop, word);
                    randomWrite = OptionalLong.of(a.u32("random_write_corrupt probability"));
                }
                default -> throw a.error("unknown feature '" + word + "'");
            }
        }

        private boolean once(boolean seen, String word) {
            if (seen) {
                throw a.error("duplicate feature '" + word + "'");
            }
            return true;
        }

        private void need(int args, int stop, String word) {
            if (a.remaining() - stop < args) {
                throw a.error("feature " + word + " needs " + args + " arguments within the feature count");
            }
        }
    }
}
