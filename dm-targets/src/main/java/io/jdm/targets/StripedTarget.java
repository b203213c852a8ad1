package io.jdm.targets;

import io.jdm.api.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code striped}: {@code <#stripes> <chunk_sectors> (<dev> <offset>)...}. The kernel wants chunk &gt; 0
 * (not necessarily a power of two) and checks the line length against stripes and chunk, which
 * {@link #checkLength} repeats.
 */
public record StripedTarget(long chunkSectors, List<Stripe> stripes) implements Target {
    public static final String TYPE = "striped";

    public record Stripe(BlockDev device, long offset) {
        public Stripe {
            Check.notNull(TYPE, "stripe device", device);
            Check.nonNegative(TYPE, "stripe offset", offset);
        }
    }

    public StripedTarget {
        Check.range(TYPE, "chunk size (sectors)", chunkSectors, 1, Check.U32_MAX);
        stripes = Check.elements(TYPE, "stripes", stripes);
        if (stripes.isEmpty()) {
            throw new InvalidInputException(TYPE + ": at least one stripe is required");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        StringBuilder sb = new StringBuilder().append(stripes.size()).append(' ').append(chunkSectors);
        for (Stripe s : stripes) {
            sb.append(' ').append(s.device().format()).append(' ').append(s.offset());
        }
        return sb.toString();
    }

    @Override
    public void checkLength(long sectors) {
        int n = stripes.size();
        if (sectors % n != 0) {
            throw new InvalidInputException(TYPE + ": target length " + sectors + " is not divisible by the " + n + " stripes");
        }
        if ((sectors / n) % chunkSectors != 0) {
            throw new InvalidInputException(TYPE + ": target length per stripe " + (sectors / n)
                    + " is not divisible by the chunk size " + chunkSectors);
        }
    }

    public static StripedTarget parse(String params) {
        Args a = Args.of(TYPE, params);
        long count = a.u32("stripe count");
        long chunk = a.u32("chunk size (sectors)");
        if (count == 0 || a.remaining() != 2 * count) {
            throw a.error("stripe count " + count + " needs " + (2 * count) + " device/offset arguments, got " + a.remaining());
        }
        List<Stripe> stripes = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            stripes.add(new Stripe(a.dev("stripe device"), a.u64("stripe offset")));
        }
        a.end();
        return new StripedTarget(chunk, stripes);
    }
}
