package io.jdm.targets.kernel;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.CryptKey;
import io.jdm.targets.CryptTarget;
import io.jdm.targets.EraTarget;
import io.jdm.targets.FlakeyTarget;
import io.jdm.targets.Targets;
import io.jdm.targets.message.Era;
import io.jdm.targets.status.EraStatus;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.jdm.targets.kernel.Kernel.MIB;
import static io.jdm.targets.kernel.Kernel.dev;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each target does to data, checked on the devices underneath. */
@KernelTest
class TargetDataKernelTest {

    @Test
    void stripedDataLandsOnBothDevicesAndLinearReadsThroughBoth(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice a = s.loop(4 * MIB);
        LoopDevice b = s.loop(4 * MIB);
        DeviceInfo striped = Kernel.create(dm, s, "str", Targets.table().striped(4096, 8, List.of(dev(a), dev(b)), 0).build());
        byte[] data = BlockIo.pattern(9, 16384); // four 4 KiB chunks: a, b, a, b
        BlockIo.write(dm.devicePath(striped), 0, data);
        dm.remove(striped.ref());
        byte[] onA = BlockIo.readFile(a.backingFile(), 0, 8192);
        byte[] onB = BlockIo.readFile(b.backingFile(), 0, 8192);
        assertArrayEquals(concat(Arrays.copyOfRange(data, 0, 4096), Arrays.copyOfRange(data, 8192, 12288)), onA);
        assertArrayEquals(concat(Arrays.copyOfRange(data, 4096, 8192), Arrays.copyOfRange(data, 12288, 16384)), onB);

        // linear concatenation: a's first MiB, then b's from 1 MiB; a read across the seam sees both
        DeviceInfo lin = Kernel.create(dm, s, "lin", Targets.table().linear(2048, dev(a), 0).linear(2048, dev(b), 2048).build());
        byte[] seam = BlockIo.read(dm.devicePath(lin), MIB - 4096, 8192);
        assertArrayEquals(BlockIo.readFile(a.backingFile(), MIB - 4096, 4096), Arrays.copyOfRange(seam, 0, 4096));
        assertArrayEquals(BlockIo.readFile(b.backingFile(), MIB, 4096), Arrays.copyOfRange(seam, 4096, 8192));
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    @Test
    void flakeyFailsIoWhileDownAndDropWritesDrops(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice a = s.loop(4 * MIB);
        // up 0 s: always down; without features every I/O fails
        DeviceInfo down = Kernel.create(dm, s, "down", Targets.table().add(2048, FlakeyTarget.of(dev(a), 0, 0, 3600)).build());
        assertThrows(IOException.class, () -> BlockIo.read(dm.devicePath(down), 0, 4096));
        assertThrows(IOException.class, () -> BlockIo.write(dm.devicePath(down), 0, new byte[4096]));

        DeviceInfo drop = Kernel.create(dm, s, "drop", Targets.table().add(2048,
                FlakeyTarget.of(dev(a), 0, 0, 3600).withDropWrites(true)).build());
        BlockIo.write(dm.devicePath(drop), 0, BlockIo.pattern(4, 4096)); // accepted...
        assertArrayEquals(new byte[4096], BlockIo.read(dm.devicePath(drop), 0, 4096)); // ...and dropped
    }

    @Test
    void cryptsBackingDeviceNeverHoldsThePlaintext(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice a = s.loop(4 * MIB);
        CryptKey.Secret key = CryptKey.bytes(BlockIo.pattern(77, 64));
        DeviceInfo crypt = Kernel.create(dm, s, "crypt", Targets.table().add(4096,
                CryptTarget.of("aes-xts-plain64", key, dev(a), 0)).build());
        byte[] text = new byte[65536];
        byte[] phrase = "jdm plaintext that must never reach the disk. ".getBytes();
        for (int i = 0; i < text.length; i++) {
            text[i] = phrase[i % phrase.length];
        }
        Path node = dm.devicePath(crypt);
        BlockIo.write(node, 0, text);
        assertArrayEquals(text, BlockIo.read(node, 0, text.length));
        dm.remove(crypt.ref());
        byte[] raw = BlockIo.readFile(a.backingFile(), 0, text.length);
        assertFalse(Arrays.equals(text, raw));
        assertFalse(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).contains("jdm plaintext"),
                "the backing device holds the plaintext");
        assertFalse(Arrays.equals(new byte[text.length], raw), "nothing was written");
    }

    @Test
    void eraAdvancesOnCheckpointAndTracksWrittenBlocks(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice meta = s.loop(4 * MIB);
        LoopDevice origin = s.loop(8 * MIB);
        DeviceInfo info = Kernel.create(dm, s, "era", Targets.table().add(8 * MIB / 512,
                new EraTarget(dev(meta), dev(origin), 128)).build());
        Era era = Era.of(dm, info.ref());
        long first = assertInstanceOf(EraStatus.Working.class, era.status()).currentEra();
        era.checkpoint();
        long second = assertInstanceOf(EraStatus.Working.class, era.status()).currentEra();
        assertTrue(second > first, "era " + first + " -> " + second);

        // write block 3 (64 KiB blocks) in the new era, then ask era_invalidate (Debian's tool) what changed
        BlockIo.write(dm.devicePath(info), 3 * 65536, BlockIo.pattern(8, 65536));
        era.checkpoint();
        era.takeMetadataSnap();
        EraStatus.Working held = assertInstanceOf(EraStatus.Working.class, era.status());
        assertTrue(held.heldMetadataRoot().isPresent(), held.toString());
        Kernel.Result r = Kernel.run("era_invalidate", "--metadata-snapshot", "--written-since", Long.toString(second),
                meta.path().toString());
        era.dropMetadataSnap();
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("block=\"3\"") || r.output().contains("begin=\"3\" end=\"4\""), r.output());
        assertTrue(assertInstanceOf(EraStatus.Working.class, era.status()).heldMetadataRoot().isEmpty());
    }

    /** The key never has to be in the table: the kernel fetches it from the keyring the table names. */
    @Test
    void cryptWithAKeyringKey(DeviceMapper dm, DmScratch s) throws Throwable {
        LoopDevice a = s.loop(4 * MIB);
        String description = "jdm:" + s.prefix() + "key";
        long serial = ProcessKeyring.addLogonKey(description, BlockIo.pattern(78, 64));
        try {
            CryptTarget t = CryptTarget.of("aes-xts-plain64", CryptKey.keyring(64, "logon", description), dev(a), 0);
            DeviceInfo info = Kernel.createAndCheck(dm, s, "kcrypt", Targets.table().add(4096, t).build());
            byte[] block = BlockIo.pattern(79, 8192);
            BlockIo.write(dm.devicePath(info), 0, block);
            assertArrayEquals(block, BlockIo.read(dm.devicePath(info), 0, block.length));
            dm.remove(info.ref());
            assertFalse(Arrays.equals(block, BlockIo.readFile(a.backingFile(), 0, block.length)));
        } finally {
            ProcessKeyring.invalidate(serial);
        }
    }

    @Test
    void delayCountsTheIoItIsHoldingBack(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice a = s.loop(4 * MIB);
        DeviceInfo info = Kernel.create(dm, s, "delay", Targets.table().add(2048,
                io.jdm.targets.DelayTarget.of(dev(a), 0, 1500)).build());
        java.util.concurrent.CompletableFuture<byte[]> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return BlockIo.read(dm.devicePath(info), 0, 4096);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        io.jdm.targets.status.DelayStatus held = null;
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            held = io.jdm.targets.status.DelayStatus.parse(Kernel.onlyStatus(dm, info.ref()).text()).orElseThrow();
            if (held.readOps() == 1) {
                break;
            }
            Thread.sleep(20);
        }
        assertEquals(new io.jdm.targets.status.DelayStatus(1, 0, 0), held, "while the read is held back");
        assertArrayEquals(new byte[4096], read.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(new io.jdm.targets.status.DelayStatus(0, 0, 0),
                io.jdm.targets.status.DelayStatus.parse(Kernel.onlyStatus(dm, info.ref()).text()).orElseThrow(), "after it went through");
    }
}
