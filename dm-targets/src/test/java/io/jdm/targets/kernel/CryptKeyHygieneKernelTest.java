package io.jdm.targets.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.SecretBytes;
import io.jdm.api.TableLine;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.CryptKey;
import io.jdm.targets.CryptTarget;
import io.jdm.targets.TargetTable;
import io.jdm.targets.Targets;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

import static io.jdm.targets.kernel.Kernel.MIB;
import static io.jdm.targets.kernel.Kernel.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crypt key loaded into the kernel, read back, typed and compared leaves no copy of itself in the Java
 * heap once its owners destroy it: not as bytes, not as hex text, not in garbage either. Proven with a
 * heap dump that includes unreachable objects, searched for the key; and the search is shown to work by
 * finding a key that is still alive. The key is held masked by the test itself, so the test adds no copy.
 */
@KernelTest
class CryptKeyHygieneKernelTest {
    private static final int MASK = 0x5a;
    private static final int KEY_BYTES = 64;

    @Test
    void aDestroyedKeyLeavesNoTraceInTheHeap(DeviceMapper dm, DmScratch s) throws IOException {
        LoopDevice a = s.loop(4 * MIB);
        byte[] masked = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(masked);
        CryptKey.Secret key = CryptKey.of(SecretBytes.generate(KEY_BYTES, i -> masked[i] ^ MASK));
        TargetTable table = Targets.table().add(4096, CryptTarget.of("aes-xts-plain64", key, dev(a), 0)).build();

        DeviceInfo crypt = Kernel.create(dm, s, "hygiene", table);
        TargetTable back = Kernel.readBack(dm, crypt.ref());
        assertEquals(table, back);
        CryptKey.Secret backKey = assertInstanceOf(CryptKey.Secret.class,
                assertInstanceOf(CryptTarget.class, back.lines().getFirst().target()).key());
        assertNotSame(key.secretBytes(), backKey.secretBytes());
        io.jdm.api.Table raw = dm.table(crypt.ref()).table();
        String shown = table + " " + back + " " + raw; // what a log would get
        assertTrue(shown.contains(TableLine.SECRET_WORD), shown);
        raw.destroySecrets();
        dm.remove(crypt.ref());
        key.destroy();
        backKey.destroy();

        Path dump = Files.createTempFile("jdm-heap", ".hprof");
        try {
            heapDump(dump);
            assertEquals(0, occurrences(dump, raw(masked)), "the key's bytes are still in the heap");
            assertEquals(0, occurrences(dump, hex(masked)), "the key's hex text is still in the heap");

            // the search finds a key that is alive, as bytes and, once revealed as text, as hex
            SecretBytes alive = SecretBytes.generate(KEY_BYTES, i -> masked[i] ^ MASK);
            String revealed = TableLine.withSecret(0, 8, "crypt", "aes <secret> 0 7:0 0", alive).revealedParams();
            heapDump(dump);
            assertTrue(occurrences(dump, raw(masked)) > 0, "a live key was not found: the search proves nothing");
            assertTrue(occurrences(dump, hex(masked)) > 0, "revealed hex was not found: the search proves nothing");
            alive.destroy();
            assertTrue(revealed.length() > 2 * KEY_BYTES);
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    /**
     * dm-crypt's {@code key set <key>} message, in the spellings the kernel accepts (any run of isspace,
     * any case): jdm sends it as secure data straight from the caller's String, so the heap holds the
     * callers' Strings and nothing else, and no pooled request buffer holds the key after the call.
     */
    @Test
    void aKeySetMessageLeavesNoCopyInTheHeapNorInTheRequestBuffers(DeviceMapper dm, DmScratch s) throws IOException {
        LoopDevice a = s.loop(4 * MIB);
        byte[] masked = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(masked);
        CryptKey.Secret key = CryptKey.of(SecretBytes.generate(KEY_BYTES, i -> masked[i] ^ MASK));
        DeviceInfo crypt = Kernel.create(dm, s, "keyset", Targets.table().add(4096, CryptTarget.of("aes-xts-plain64", key, dev(a), 0)).build());
        key.destroy();
        List<String> messages = new ArrayList<>();
        for (String words : new String[] {"key set ", "key\tset\t", "KEY  SET ", " key \t set  "}) {
            messages.add(message(words, masked));
        }
        // not suspended: dm-crypt refuses, and the exception shows no key
        io.jdm.api.KernelException refused = org.junit.jupiter.api.Assertions.assertThrows(io.jdm.api.KernelException.class,
                () -> dm.message(crypt.ref(), 0, messages.getFirst()));
        String refusal = refused.getMessage();
        dm.suspend(crypt.ref());
        for (String message : messages) {
            dm.message(crypt.ref(), 0, message);
        }
        dm.resume(crypt.ref());
        for (java.lang.foreign.MemorySegment idle : io.jdm.ioctl.internal.RequestBuffers.idle()) {
            assertEquals(0, occurrences(idle, hex(masked)), "a pooled request buffer holds the key after the call");
        }
        org.junit.jupiter.api.Assertions.assertFalse(contains(refusal, hex(masked)), "the refusal shows the key");
        dm.remove(crypt.ref());

        Path dump = Files.createTempFile("jdm-heap", ".hprof");
        try {
            heapDump(dump);
            assertEquals(messages.size(), occurrences(dump, hex(masked)), "copies of the key beyond the callers' own Strings");
            assertEquals(0, occurrences(dump, raw(masked)), "the key's bytes are still in the heap");
        } finally {
            Files.deleteIfExists(dump);
        }
        assertEquals(4, messages.size()); // the callers' Strings stay alive until here
    }

    /** {@code words} and the key's hex as one String, built from a char array that is wiped at once. */
    private static String message(String words, byte[] masked) {
        char[] hex = hexChars(masked);
        char[] all = new char[words.length() + hex.length];
        words.getChars(0, words.length(), all, 0);
        System.arraycopy(hex, 0, all, words.length(), hex.length);
        String message = new String(all);
        java.util.Arrays.fill(all, '\0');
        java.util.Arrays.fill(hex, '\0');
        return message;
    }

    private static char[] hexChars(byte[] masked) {
        char[] hex = new char[2 * KEY_BYTES];
        for (int j = 0; j < hex.length; j++) {
            int b = (masked[j / 2] ^ MASK) & 0xff;
            hex[j] = (char) io.jdm.api.internal.Hex.digit(j % 2 == 0 ? b >>> 4 : b & 0xf);
        }
        return hex;
    }

    /** Whether {@code text} holds the pattern, compared char by char (a String of the key would be a copy). */
    private static boolean contains(String text, Pattern pattern) {
        for (int i = 0; i + pattern.length() <= text.length(); i++) {
            int j = 0;
            while (j < pattern.length() && text.charAt(i + j) == pattern.byteAt().applyAsInt(j)) {
                j++;
            }
            if (j == pattern.length()) {
                return true;
            }
        }
        return false;
    }

    private static int occurrences(java.lang.foreign.MemorySegment segment, Pattern pattern) {
        int found = 0;
        for (long i = 0, end = segment.byteSize() - pattern.length(); i <= end; i++) {
            int j = 0;
            while (j < pattern.length() && (segment.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i + j) & 0xff) == pattern.byteAt().applyAsInt(j)) {
                j++;
            }
            if (j == pattern.length()) {
                found++;
            }
        }
        return found;
    }

    /** The pattern of the key's bytes, computed from the mask on demand so no array holds them. */
    private static Pattern raw(byte[] masked) {
        return new Pattern(KEY_BYTES, j -> (masked[j] ^ MASK) & 0xff);
    }

    /** The key as lower-case hex in a Latin-1 string, which is how the JVM stores ASCII text. */
    private static Pattern hex(byte[] masked) {
        return new Pattern(2 * KEY_BYTES, j -> {
            int b = (masked[j / 2] ^ MASK) & 0xff;
            return io.jdm.api.internal.Hex.digit(j % 2 == 0 ? b >>> 4 : b & 0xf);
        });
    }

    private record Pattern(int length, IntUnaryOperator byteAt) {
    }

    private static void heapDump(Path file) throws IOException {
        Files.deleteIfExists(file);
        // live = false: unreachable objects (garbage Strings, say) are dumped too
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), false);
    }

    private static int occurrences(Path file, Pattern pattern) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            int first = pattern.byteAt().applyAsInt(0);
            int found = 0;
            for (int i = 0, end = map.limit() - pattern.length(); i <= end; i++) {
                if ((map.get(i) & 0xff) != first) {
                    continue;
                }
                int j = 1;
                while (j < pattern.length() && (map.get(i + j) & 0xff) == pattern.byteAt().applyAsInt(j)) {
                    j++;
                }
                if (j == pattern.length()) {
                    found++;
                }
            }
            return found;
        }
    }
}
