package io.jdm.thin;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.Table;
import io.jdm.targets.message.ThinPool;
import io.jdm.testkit.fake.FakeKernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A thin pool on the fake kernel (64 KiB blocks, 64 MiB of data) and a state directory for a volume set. */
final class FakePool {
    static final long MIB = 1024 * 1024;
    static final long BLOCK = 64 * 1024;

    final FakeKernel kernel = FakeKernel.create();
    final DeviceMapper dm = kernel.open();
    final DeviceInfo pool;
    final Path stateDir;

    FakePool(Path dir) {
        DeviceNumber meta = kernel.addDisk(8 * MIB);
        DeviceNumber data = kernel.addDisk(64 * MIB);
        pool = dm.createWithTable(DeviceName.of("pool"), Table.of(64 * MIB / 512, "thin-pool", meta + " " + data + " 128 0"));
        stateDir = dir.resolve("state");
    }

    /** What a metadata reader would see on a real kernel. */
    PoolContents.Reader reader() {
        return () -> new PoolContents(txid(), kernel.thinIds(pool.ref()));
    }

    VolumeSet open() {
        return open(VolumeSetOptions.defaults());
    }

    VolumeSet open(VolumeSetOptions options) {
        return VolumeSet.open(dm, pool.ref(), stateDir, options, reader());
    }

    long txid() {
        return ThinPool.of(dm, pool.ref()).status() instanceof io.jdm.targets.status.ThinPoolStatus.Working w
                ? w.transactionId() : -1;
    }

    /** Every file of the state directory with its bytes (the lock file aside), to prove nothing changed. */
    Map<String, String> stateFiles() {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(stateDir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(stateDir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals(StateLock.FILE)) {
                    files.put(stateDir.relativize(p).toString(), Files.readString(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
