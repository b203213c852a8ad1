package io.jdm.thin;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random sequences of volume operations, reopens and crashes (at a random step of a create,
 * snapshot or remove) against a model of what must exist: after every step the set lists exactly the
 * model's volumes with their sizes and parents, and the pool holds exactly their thin ids.
 */
class VolumeSetModelPropertyTest {
    private static final long MIB = FakePool.MIB;

    sealed interface Op {
    }

    record Create(int id, int mib) implements Op {
    }

    record Snap(int id, int parent) implements Op {
    }

    record Remove(int id) implements Op {
    }

    record Activate(int id) implements Op {
    }

    record Deactivate(int id) implements Op {
    }

    record Reopen() implements Op {
    }

    /** {@code op} stopped dead at {@code step}, then the set is opened again. */
    record Crash(Op op, String step) implements Op {
    }

    private static final List<String> CREATE_STEPS = List.of("intent-written", "thin-created", "txid-committed", "record-written");
    private static final List<String> REMOVE_STEPS = List.of("intent-written", "thin-deleted", "txid-committed", "record-removed");

    private Path dir;

    @AfterTry
    void cleanUp() throws IOException {
        Steps.hook = s -> {
        };
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<Integer> id = Arbitraries.integers().between(0, 4);
        Arbitrary<Op> create = Arbitraries.integers().between(1, 8).flatMap(m -> id.map(i -> (Op) new Create(i, m)));
        Arbitrary<Op> snap = id.flatMap(i -> id.map(j -> (Op) new Snap(i, j)));
        Arbitrary<Op> remove = id.map(Remove::new);
        Arbitrary<Op> crashCreate = Arbitraries.oneOf(create, snap)
                .flatMap(op -> Arbitraries.of(CREATE_STEPS).map(s -> (Op) new Crash(op, s)));
        Arbitrary<Op> crashRemove = remove.flatMap(op -> Arbitraries.of(REMOVE_STEPS).map(s -> (Op) new Crash(op, s)));
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, create), net.jqwik.api.Tuple.of(4, snap), net.jqwik.api.Tuple.of(3, remove),
                net.jqwik.api.Tuple.of(2, id.map(Activate::new)), net.jqwik.api.Tuple.of(2, id.map(Deactivate::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Reopen())),
                net.jqwik.api.Tuple.of(2, crashCreate), net.jqwik.api.Tuple.of(2, crashRemove));
        return op.list().ofMinSize(1).ofMaxSize(30);
    }

    /** What a volume must be: size and parent. */
    private record Expected(long size, Optional<VolumeId> parent) {
    }

    @Property(tries = 150)
    void theSetAlwaysHoldsWhatTheModelSays(@ForAll("sequences") List<Op> ops) throws IOException {
        dir = Files.createTempDirectory("jdm-model");
        FakePool p = new FakePool(dir);
        Map<VolumeId, Expected> model = new TreeMap<>();
        VolumeSet set = p.open();
        try {
            for (Op op : ops) {
                if (op instanceof Reopen) {
                    set.close();
                    set = p.open();
                } else if (op instanceof Crash c) {
                    String prefix = c.op() instanceof Create ? "create." : c.op() instanceof Snap ? "snapshot." : "remove.";
                    Steps.hook = s -> {
                        if (s.equals(prefix + c.step())) {
                            throw new CrashError();
                        }
                    };
                    boolean crashed;
                    try {
                        apply(set, c.op(), model, true);
                        crashed = false;
                    } catch (CrashError e) {
                        crashed = true;
                    } finally {
                        Steps.hook = s -> {
                        };
                    }
                    if (crashed) {
                        boolean done = c.op() instanceof Remove ? !c.step().equals("intent-written")
                                : c.step().equals("txid-committed") || c.step().equals("record-written");
                        if (done) {
                            apply(null, c.op(), model, false);
                        }
                        set.abandon();
                        set = p.open();
                    } else {
                        // the operation was refused before its first step: the model already agrees
                        continue;
                    }
                } else {
                    apply(set, op, model, true);
                }
                check(p, set, model);
            }
        } finally {
            set.close();
        }
    }

    private static final class CrashError extends Error {
        CrashError() {
            super("crash", null, false, false);
        }
    }

    /** Runs {@code op} on {@code set} (when not null) and the model; refusals must match the model. */
    private static void apply(VolumeSet set, Op op, Map<VolumeId, Expected> model, boolean run) {
        switch (op) {
            case Create c -> {
                VolumeId id = id(c.id());
                if (model.containsKey(id)) {
                    if (run) {
                        assertEquals(VolumeException.Kind.EXISTS, assertThrows(VolumeException.class, () -> set.create(id, c.mib() * MIB)).kind());
                    }
                    return;
                }
                if (run) {
                    set.create(id, c.mib() * MIB);
                }
                model.put(id, new Expected(c.mib() * MIB, Optional.empty()));
            }
            case Snap s -> {
                VolumeId id = id(s.id());
                VolumeId parent = id(s.parent());
                if (model.containsKey(id) || !model.containsKey(parent)) {
                    if (run) {
                        assertThrows(VolumeException.class, () -> set.snapshot(id, parent));
                    }
                    return;
                }
                if (run) {
                    set.snapshot(id, parent);
                }
                model.put(id, new Expected(model.get(parent).size(), Optional.of(parent)));
            }
            case Remove r -> {
                VolumeId id = id(r.id());
                if (!model.containsKey(id)) {
                    if (run) {
                        assertEquals(VolumeException.Kind.NOT_FOUND, assertThrows(VolumeException.class, () -> set.remove(id)).kind());
                    }
                    return;
                }
                if (run) {
                    assertEquals(VolumeSet.Removal.REMOVED, set.remove(id));
                }
                model.remove(id);
            }
            case Activate a -> {
                VolumeId id = id(a.id());
                if (model.containsKey(id)) {
                    set.activate(id);
                } else {
                    assertThrows(VolumeException.class, () -> set.activate(id));
                }
            }
            case Deactivate d -> {
                VolumeId id = id(d.id());
                if (model.containsKey(id)) {
                    set.deactivate(id);
                } else {
                    assertThrows(VolumeException.class, () -> set.deactivate(id));
                }
            }
            case Reopen r -> throw new AssertionError("handled by the caller");
            case Crash c -> throw new AssertionError("handled by the caller");
        }
    }

    private static VolumeId id(int n) {
        return VolumeId.of("v" + n);
    }

    private static void check(FakePool p, VolumeSet set, Map<VolumeId, Expected> model) {
        Map<VolumeId, Expected> listed = new TreeMap<>();
        for (Volume v : set.list()) {
            listed.put(v.id(), new Expected(v.virtualSize(), v.parent()));
        }
        assertEquals(model, listed);
        PoolAudit audit = set.audit();
        assertTrue(audit.clean(), audit.toString());
        assertEquals(model.size(), p.kernel.thinIds(p.pool.ref()).size());
    }
}
