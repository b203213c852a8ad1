package io.jdm.testkit;

import io.jdm.ioctl.block.DirectIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Reads and writes on block nodes with O_DIRECT, for tests that check data on devices: a table swap
 * (merge, resume) does not drop a block device's page cache, so buffered reads could show data from
 * before the swap.
 */
public final class BlockIo {
    private static final int ALIGN = 4096;
    private BlockIo() {
    }

    /** {@code length} pseudo-random bytes from {@code seed}. */
    public static byte[] pattern(long seed, int length) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The SHA-256 of {@code data}, as hex. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Writes {@code data} (a multiple of 4 KiB) at {@code offset} with O_DIRECT, then fsyncs. */
    public static void write(Path device, long offset, byte[] data) throws IOException {
        ByteBuffer buf = aligned(data.length);
        buf.put(data).flip();
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE, DirectIo.DIRECT)) {
            while (buf.hasRemaining()) {
                ch.write(buf, offset + buf.position());
            }
            ch.force(true);
        }
    }

    /** Reads {@code length} bytes (a multiple of 4 KiB) at {@code offset} with O_DIRECT. */
    public static byte[] read(Path device, long offset, int length) throws IOException {
        ByteBuffer buf = aligned(length);
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ, DirectIo.DIRECT)) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    throw new IOException("end of " + device + " at " + (offset + buf.position()));
                }
            }
        }
        byte[] out = new byte[length];
        buf.flip().get(out);
        return out;
    }

    /** Reads a plain file (a loop's backing file), buffered. */
    public static byte[] readFile(Path file, long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
                // keep reading
            }
        }
        return buf.array();
    }

    private static ByteBuffer aligned(int length) {
        if (length % ALIGN != 0) {
            throw new IllegalArgumentException("O_DIRECT lengths must be multiples of " + ALIGN);
        }
        return ByteBuffer.allocateDirect(length + ALIGN).alignedSlice(ALIGN).limit(length);
    }
}
