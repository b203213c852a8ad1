package io.jdm.testkit.fake;

import io.jdm.api.Errno;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code striped <#stripes> <chunk_sectors> (<dev> <offset>)...}, with the kernel's checks in the kernel's order. */
record StripedModel(long chunk, List<Stripe> stripes, long width) implements TargetModel {
    record Stripe(BlockDevice device, long offset) {
    }

    static TargetModel construct(Construction c, String[] argv) throws Refusal {
        if (argv.length < 2) {
            throw Refusal.of(Errno.EINVAL, "Not enough arguments");
        }
        long count = KernelNumbers.kstrto(argv[0], KernelNumbers.U32_MAX);
        if (count <= 0) {
            throw Refusal.of(Errno.EINVAL, "Invalid stripe count");
        }
        long chunk = KernelNumbers.kstrto(argv[1], KernelNumbers.U32_MAX);
        if (chunk <= 0) {
            throw Refusal.of(Errno.EINVAL, "Invalid chunk_size");
        }
        if (c.length % count != 0) {
            throw Refusal.of(Errno.EINVAL, "Target length not divisible by number of stripes");
        }
        long width = c.length / count;
        if (width % chunk != 0) {
            throw Refusal.of(Errno.EINVAL, "Target length not divisible by chunk size");
        }
        if (argv.length != 2 + 2 * count) {
            throw Refusal.of(Errno.EINVAL, "Not enough destinations specified");
        }
        List<Stripe> stripes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long offset = KernelNumbers.scanU64(argv[3 + 2 * i]);
            if (offset < 0) {
                throw Refusal.of(Errno.EINVAL, "Couldn't parse stripe destination");
            }
            stripes.add(new Stripe(c.device(argv[2 + 2 * i]), offset));
        }
        return new StripedModel(chunk, List.copyOf(stripes), width);
    }

    @Override
    public String type() {
        return "striped";
    }

    @Override
    public String table() {
        StringBuilder sb = new StringBuilder().append(stripes.size()).append(' ').append(chunk);
        for (Stripe s : stripes) {
            sb.append(' ').append(s.device().number()).append(' ').append(s.offset());
        }
        return sb.toString();
    }

    /** {@code "<n> <dev>... 1 <A per stripe>"}: the fake's stripes never see I/O errors. */
    @Override
    public String status(boolean noFlush) {
        StringBuilder sb = new StringBuilder().append(stripes.size()).append(' ');
        for (Stripe s : stripes) {
            sb.append(s.device().number()).append(' ');
        }
        return sb.append("1 ").append("A".repeat(stripes.size())).toString();
    }

    @Override
    public List<Area> areas() {
        return stripes.stream().map(s -> new Area(s.device(), s.offset(), width)).toList();
    }

    @Override
    public void write(Io io, long at, long sectors) throws IOException {
        long end = at + sectors;
        while (at < end) {
            long chunkIndex = at / chunk;
            long inChunk = at % chunk;
            long piece = Math.min(chunk - inChunk, end - at);
            Stripe s = stripes.get((int) (chunkIndex % stripes.size()));
            io.write(s.device(), s.offset() + (chunkIndex / stripes.size()) * chunk + inChunk, piece);
            at += piece;
        }
    }
}
