package io.jdm.cli;

import io.jdm.ioctl.block.DirectIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Whole-buffer reads and writes on a block device with O_DIRECT, so that what the demo reads back
 * comes from the device (through device-mapper), not from the page cache that the write filled.
 */
final class BlockIo {
    private static final int ALIGN = 4096;

    private BlockIo() {
    }

    /** {@code bytes} of readable text, one line per 512-byte sector naming the pattern and the sector. */
    static byte[] pattern(String label, int bytes) {
        byte[] data = new byte[bytes];
        // no String.format per sector: in the emulated VM that alone took 10 s for 20 MiB
        Arrays.fill(data, (byte) ' ');
        for (int sector = 0; sector < bytes / 512; sector++) {
            byte[] text = ("jdm demo pattern " + label + ", sector " + sector).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, data, sector * 512, Math.min(text.length, 511));
            data[sector * 512 + 511] = '\n';
        }
        return data;
    }

    static void write(Path device, byte[] data) throws IOException {
        write(device, 0, data);
    }

    /** Writes {@code data} at byte {@code offset} (a multiple of 4096, for O_DIRECT). */
    static void write(Path device, long offset, byte[] data) throws IOException {
        try (FileChannel ch = open(device, StandardOpenOption.WRITE)) {
            ByteBuffer buf = aligned(data.length);
            buf.put(data).flip();
            while (buf.hasRemaining()) {
                ch.write(buf, offset + buf.position());
            }
            ch.force(true);
        }
    }

    static byte[] read(Path device, int bytes) throws IOException {
        try (FileChannel ch = open(device, StandardOpenOption.READ)) {
            ByteBuffer buf = aligned(bytes);
            while (buf.hasRemaining()) {
                if (ch.read(buf, buf.position()) < 0) {
                    throw new IOException(device + " ended after " + buf.position() + " bytes");
                }
            }
            byte[] data = new byte[bytes];
            buf.flip().get(data);
            return data;
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static FileChannel open(Path device, OpenOption mode) throws IOException {
        try {
            return FileChannel.open(device, mode, DirectIo.DIRECT);
        } catch (UnsupportedOperationException | IOException e) {
            // a file system without O_DIRECT: plain I/O still goes through device-mapper
            return FileChannel.open(device, mode);
        }
    }

    private static ByteBuffer aligned(int bytes) {
        return ByteBuffer.allocateDirect(bytes + ALIGN).alignedSlice(ALIGN).limit(bytes);
    }
}
