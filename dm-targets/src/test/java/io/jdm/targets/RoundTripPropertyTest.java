package io.jdm.targets;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** For every target: {@code parse(format(x)).equals(x)}, directly and through the registry. */
class RoundTripPropertyTest {

    @Property
    void linear(@ForAll("linear") LinearTarget t) {
        assertEquals(t, LinearTarget.parse(t.format()));
    }

    @Property
    void striped(@ForAll("striped") StripedTarget t) {
        assertEquals(t, StripedTarget.parse(t.format()));
    }

    @Property
    void flakey(@ForAll("flakey") FlakeyTarget t) {
        assertEquals(t, FlakeyTarget.parse(t.format()));
    }

    @Property
    void delay(@ForAll("delay") DelayTarget t) {
        assertEquals(t, DelayTarget.parse(t.format()));
    }

    @Property
    void dust(@ForAll("dust") DustTarget t) {
        assertEquals(t, DustTarget.parse(t.format()));
    }

    @Property
    void thinPool(@ForAll("thinPool") ThinPoolTarget t) {
        assertEquals(t, ThinPoolTarget.parse(t.format()));
        // the kernel's readback ends in a space
        assertEquals(t, ThinPoolTarget.parse(t.format() + " "));
        // the order given is the order kept
        assertEquals(t.features(), ThinPoolTarget.parse(t.format()).features());
    }

    @Property
    void thin(@ForAll("thin") ThinTarget t) {
        assertEquals(t, ThinTarget.parse(t.format()));
    }

    @Property
    void snapshotOrigin(@ForAll("snapshotOrigin") SnapshotOriginTarget t) {
        assertEquals(t, SnapshotOriginTarget.parse(t.format()));
    }

    @Property
    void snapshot(@ForAll("snapshot") SnapshotTarget t) {
        assertEquals(t, SnapshotTarget.parse(t.format()));
    }

    @Property
    void snapshotMerge(@ForAll("snapshotMerge") SnapshotMergeTarget t) {
        assertEquals(t, SnapshotMergeTarget.parse(t.format()));
    }

    @Property
    void era(@ForAll("era") EraTarget t) {
        assertEquals(t, EraTarget.parse(t.format()));
    }

    @Property
    void crypt(@ForAll("crypt") CryptTarget t) {
        assertEquals(t, CryptTarget.parse(t.format()));
    }

    /** The load path: a secret key rides in the line as the same SecretBytes, never as text, and comes back equal. */
    @Property
    void cryptThroughItsTableLine(@ForAll("crypt") CryptTarget t) {
        io.jdm.api.TableLine line = t.line(0, 8);
        assertEquals(t, Targets.parse(line));
        assertEquals(t, Targets.of(line));
        if (t.key() instanceof CryptKey.Secret secret) {
            org.junit.jupiter.api.Assertions.assertSame(secret.secretBytes(), line.secret());
            assertEquals(io.jdm.api.TableLine.SECRET_WORD, line.params().split(" ")[1], line.params());
            assertEquals(t.format(), line.revealedParams());
        } else {
            assertEquals(t.format(), line.params());
        }
    }

    @Property
    void cache(@ForAll("cache") CacheTarget t) {
        assertEquals(t, CacheTarget.parse(t.format()));
    }

    @Property
    void registryGivesTheTypedValueBack(@ForAll("any") Target t) {
        assertEquals(t, Targets.parse(t.type(), t.format()));
        Target lenient = Targets.of(t.type(), t.format());
        assertEquals(t, lenient);
        assertInstanceOf(t.getClass(), lenient);
    }

    @Provide Arbitrary<LinearTarget> linear() { return Gen.linear(); }
    @Provide Arbitrary<StripedTarget> striped() { return Gen.striped(); }
    @Provide Arbitrary<FlakeyTarget> flakey() { return Gen.flakey(); }
    @Provide Arbitrary<DelayTarget> delay() { return Gen.delay(); }
    @Provide Arbitrary<DustTarget> dust() { return Gen.dust(); }
    @Provide Arbitrary<ThinPoolTarget> thinPool() { return Gen.thinPool(); }
    @Provide Arbitrary<ThinTarget> thin() { return Gen.thin(); }
    @Provide Arbitrary<SnapshotOriginTarget> snapshotOrigin() { return Gen.snapshotOrigin(); }
    @Provide Arbitrary<SnapshotTarget> snapshot() { return Gen.snapshot(); }
    @Provide Arbitrary<SnapshotMergeTarget> snapshotMerge() { return Gen.snapshotMerge(); }
    @Provide Arbitrary<EraTarget> era() { return Gen.era(); }
    @Provide Arbitrary<CryptTarget> crypt() { return Gen.crypt(); }
    @Provide Arbitrary<CacheTarget> cache() { return Gen.cache(); }
    @Provide Arbitrary<Target> any() { return Gen.any(); }
}
