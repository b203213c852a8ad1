package io.jdm.thin.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * A real pool's metadata device (2 MiB), written by the kernel in {@link MetadataReaderKernelTest#theFixturePool},
 * with thin_dump's and thin_ls's view of it. Its state 2 (block 0): thin devices 1, 2, 5, 6 (2 and 5 snapshots
 * sharing blocks with 1 and each other), ids 3 and 4 deleted, transaction id 8. It still holds a metadata
 * snapshot of state 1 (devices 1, 2, 3, 5; transaction id 7), which the {@code snapshot} files describe.
 */
final class Fixture {
    static final String IMAGE = "pool-meta.img.gz";
    static final String DUMP = "pool.thin_dump.xml";
    static final String LS = "pool.thin_ls.txt";
    static final String SNAPSHOT_DUMP = "pool-snapshot.thin_dump.xml";
    static final String SNAPSHOT_LS = "pool-snapshot.thin_ls.txt";

    private Fixture() {
    }

    /** A fresh copy of the image (tests may corrupt it). */
    static ByteBuffer image() {
        try (InputStream in = new GZIPInputStream(resource(IMAGE))) {
            return ByteBuffer.wrap(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Fixture.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("test resource " + name + " is missing next to " + Fixture.class.getName());
        }
        return in;
    }
}
