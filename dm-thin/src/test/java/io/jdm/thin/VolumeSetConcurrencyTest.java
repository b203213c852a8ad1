package io.jdm.thin;

import io.jdm.api.DeviceRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.jdm.thin.FakePool.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Eight threads snapshotting one active base, activating, writing, deactivating and removing at once. */
class VolumeSetConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void eightThreadsOnOneBaseLeaveRecordsAndPoolInAgreement() throws Exception {
        FakePool p = new FakePool(dir);
        VolumeId base = VolumeId.of("base");
        try (VolumeSet set = p.open()) {
            set.create(base, 16 * MIB);
            set.activate(base);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int kept = 0;
                    for (int i = 0; i < 25; i++) {
                        VolumeId id = VolumeId.of("t" + thread + "-" + i);
                        set.snapshot(id, base);
                        set.activate(id);
                        p.kernel.write(DeviceRef.name("pool-" + id.value()), (long) i * 64 * 1024, 64 * 1024);
                        set.deactivate(id);
                        if (i % 5 == 0) {
                            kept++;
                        } else {
                            assertEquals(VolumeSet.Removal.REMOVED, set.remove(id));
                        }
                    }
                    return kept;
                }));
            }
            int kept = 0;
            for (Future<Integer> f : done) {
                kept += f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(1 + kept, set.list().size());
            assertEquals(1 + kept, p.kernel.thinIds(p.pool.ref()).size());
            assertTrue(set.audit().clean(), set.audit().toString());
            // every change committed exactly one transaction id: 1 base + 200 snapshots + 160 removals
            assertEquals(1 + 200 + 160, p.txid());
        }
    }
}
