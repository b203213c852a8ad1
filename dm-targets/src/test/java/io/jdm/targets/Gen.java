package io.jdm.targets;

import io.jdm.api.DeviceNumber;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Generators of valid target values, edge values included (jqwik mixes in the bounds). */
final class Gen {
    private Gen() {
    }

    static Arbitrary<Long> u64() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, Check.U32_MAX);
    }

    static Arbitrary<BlockDev> dev() {
        Arbitrary<BlockDev> number = Combinators.combine(Arbitraries.integers().between(0, DeviceNumber.MAX_MAJOR),
                Arbitraries.integers().between(0, DeviceNumber.MAX_MINOR)).as(BlockDev::of);
        Arbitrary<BlockDev> path = Arbitraries.strings().withCharRange('a', 'z').withChars("-_.0123456789/")
                .ofMinLength(1).ofMaxLength(20).map(s -> BlockDev.path("/dev/" + s));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, number), net.jqwik.api.Tuple.of(1, path));
    }

    static Arbitrary<String> word() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12);
    }

    static Arbitrary<LinearTarget> linear() {
        return Combinators.combine(dev(), u64()).as(LinearTarget::new);
    }

    static Arbitrary<StripedTarget> striped() {
        Arbitrary<StripedTarget.Stripe> stripe = Combinators.combine(dev(), u64()).as(StripedTarget.Stripe::new);
        return Combinators.combine(Arbitraries.longs().between(1, Check.U32_MAX), stripe.list().ofMinSize(1).ofMaxSize(8))
                .as(StripedTarget::new);
    }

    static Arbitrary<FlakeyTarget> flakey() {
        Arbitrary<CorruptBioByte> corrupt = Combinators.combine(Arbitraries.longs().between(1, Check.U32_MAX),
                Arbitraries.of(CorruptBioByte.Direction.class), Arbitraries.integers().between(0, 255), u32())
                .as(CorruptBioByte::new);
        Arbitrary<Long> prob = Arbitraries.longs().between(0, FlakeyTarget.MAX_PROBABILITY);
        return Combinators.combine(dev(), u64(), Arbitraries.longs().between(0, 1000), Arbitraries.longs().between(1, 1000),
                        Arbitraries.integers().between(0, 15), corrupt.optional(), prob.optional(), prob.optional())
                .as((d, off, up, down, bits, c, rr, rw) -> {
                    boolean errorReads = (bits & 1) != 0;
                    boolean dropWrites = (bits & 2) != 0;
                    boolean errorWrites = (bits & 4) != 0 && !dropWrites;
                    Optional<CorruptBioByte> cb = c;
                    OptionalLong rrc = rr.map(OptionalLong::of).orElse(OptionalLong.empty());
                    OptionalLong rwc = rw.map(OptionalLong::of).orElse(OptionalLong.empty());
                    // keep to the kernel's conflict rules
                    if (dropWrites || errorWrites) {
                        rwc = OptionalLong.empty();
                        cb = cb.filter(x -> x.direction() == CorruptBioByte.Direction.READ);
                    }
                    if (errorReads) {
                        rrc = OptionalLong.empty();
                        cb = cb.filter(x -> x.direction() == CorruptBioByte.Direction.WRITE);
                    }
                    return new FlakeyTarget(d, off, up, down, errorReads, dropWrites, errorWrites, cb, rrc, rwc);
                });
    }

    static Arbitrary<DelayTarget> delay() {
        Arbitrary<DelayTarget.Leg> leg = Combinators.combine(dev(), u64(), u32()).as(DelayTarget.Leg::new);
        return Combinators.combine(leg, leg, leg, Arbitraries.of(3, 6, 9)).as((r, w, f, n) ->
                new DelayTarget(r, n >= 6 ? Optional.of(w) : Optional.empty(), n == 9 ? Optional.of(f) : Optional.empty()));
    }

    static Arbitrary<ThinPoolTarget> thinPool() {
        Arbitrary<Long> blockSize = Arbitraries.longs().between(1, ThinPoolTarget.MAX_BLOCK_SIZE / 128).map(n -> n * 128);
        return Combinators.combine(Arbitraries.integers().between(0, 4094), Arbitraries.integers().between(0, 1000),
                        blockSize, u64(), Arbitraries.of(PoolFeature.class).list().uniqueElements().ofMaxSize(4))
                .as((maj, min, bs, lw, fs) -> new ThinPoolTarget(BlockDev.of(maj, min), BlockDev.of(maj + 1, min), bs, lw,
                        List.copyOf(fs)));
    }

    static Arbitrary<ThinTarget> thin() {
        return Combinators.combine(Arbitraries.integers().between(0, 4000), Arbitraries.longs().between(0, ThinTarget.MAX_DEVICE_ID),
                        Arbitraries.integers().between(1, 10).optional())
                .as((maj, id, o) -> new ThinTarget(BlockDev.of(maj, 0), id, o.map(k -> BlockDev.of(maj + k, 1))));
    }

    static Arbitrary<SnapshotPersistence> persistence() {
        return Arbitraries.of(SnapshotPersistence.class);
    }

    static Arbitrary<Long> chunk() {
        return Arbitraries.integers().between(0, 21).map(k -> 1L << k);
    }

    static Arbitrary<SnapshotTarget> snapshot() {
        return Combinators.combine(Arbitraries.integers().between(0, 4000), persistence(), chunk(), Arbitraries.integers().between(0, 2))
                .as((maj, p, c, f) -> new SnapshotTarget(BlockDev.of(maj, 0), BlockDev.of(maj, 1), p, c, f >= 1, f == 2));
    }

    static Arbitrary<SnapshotMergeTarget> snapshotMerge() {
        return snapshot().map(s -> new SnapshotMergeTarget(s.origin(), s.cow(), s.persistence(), s.chunkSectors(),
                s.discardZeroesCow(), s.discardPassdownOrigin()));
    }

    static Arbitrary<SnapshotOriginTarget> snapshotOrigin() {
        return dev().map(SnapshotOriginTarget::new);
    }

    static Arbitrary<EraTarget> era() {
        return Combinators.combine(dev(), dev(), Arbitraries.longs().between(1, Check.U32_MAX / 8).map(n -> n * 8))
                .as(EraTarget::new);
    }

    static Arbitrary<CryptKey> cryptKey() {
        Arbitrary<CryptKey> secret = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).map(CryptKey::bytes);
        Arbitrary<CryptKey> keyring = Combinators.combine(Arbitraries.integers().between(1, 512),
                Arbitraries.of(CryptKey.Keyring.TYPES), word()).as(CryptKey::keyring);
        return Arbitraries.oneOf(secret, keyring, Arbitraries.just(CryptKey.none()));
    }

    static Arbitrary<CryptTarget> crypt() {
        Arbitrary<CryptTarget.Integrity> integrity = Combinators.combine(Arbitraries.integers().between(1, 64),
                Arbitraries.of("aead", "hmac(sha256)")).as(CryptTarget.Integrity::new);
        return Combinators.combine(Arbitraries.of("aes-xts-plain64", "aes-cbc-essiv:sha256", "capi:xts(aes)-plain64",
                                "cipher_null-ecb"), cryptKey(), u64(), dev(), Arbitraries.longs().between(0, Long.MAX_VALUE / 8),
                        Arbitraries.of(CryptFlag.class).list().uniqueElements().ofMaxSize(5), integrity.optional(),
                        Arbitraries.of(512, 1024, 2048, 4096))
                .as((c, k, iv, d, off, flags, integ, ss) -> new CryptTarget(c, k, iv - iv % 8, d, off * 8, flags, integ, ss, off % 2 == 0));
    }

    static Arbitrary<CacheTarget> cache() {
        Arbitrary<List<CacheFeature>> features = Combinators.combine(Arbitraries.of(CacheFeature.class).optional()
                        .filter(o -> o.map(CacheFeature::isIoMode).orElse(true)), Arbitraries.of(false, true),
                Arbitraries.of(false, true), Arbitraries.of(false, true)).as((mode, md2, nodisc, modeFirst) -> {
                    List<CacheFeature> out = new java.util.ArrayList<>();
                    mode.ifPresent(out::add);
                    if (md2) {
                        out.add(modeFirst ? out.size() : 0, CacheFeature.METADATA2);
                    }
                    if (nodisc) {
                        out.add(CacheFeature.NO_DISCARD_PASSDOWN);
                    }
                    return out;
                });
        Arbitrary<CacheTarget.PolicyArg> arg = Combinators.combine(word(), word()).as(CacheTarget.PolicyArg::new);
        return Combinators.combine(dev(), dev(), dev(),
                        Arbitraries.longs().between(1, CacheTarget.MAX_BLOCK_SIZE / 64).map(n -> n * 64), features,
                        Arbitraries.of("default", "smq", "mq", "cleaner"), arg.list().ofMaxSize(4))
                .as(CacheTarget::new);
    }

    static Arbitrary<DustTarget> dust() {
        return Combinators.combine(dev(), u64(), Arbitraries.integers().between(9, 30).map(k -> 1L << k)).as(DustTarget::new);
    }

    static Arbitrary<Target> any() {
        return Arbitraries.oneOf(linear(), striped(), Arbitraries.just(new ZeroTarget()), Arbitraries.just(new ErrorTarget()),
                flakey(), delay(), dust(), thinPool(), thin(), snapshotOrigin(), snapshot(), snapshotMerge(), era(), crypt(), cache());
    }
}
