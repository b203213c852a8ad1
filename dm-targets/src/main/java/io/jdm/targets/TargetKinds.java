package io.jdm.targets;

import io.jdm.targets.status.CacheStatus;
import io.jdm.targets.status.DelayStatus;
import io.jdm.targets.status.DustStatus;
import io.jdm.targets.status.EraStatus;
import io.jdm.targets.status.SnapshotStatus;
import io.jdm.targets.status.StripedStatus;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.targets.status.ThinStatus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The target kinds jdm types, each declared here once (in the manner of the JDK's
 * {@code java.lang.classfile.Attributes}): add a kind here and the registry, the status dispatch and
 * {@link #all()} know it.
 */
public final class TargetKinds {
    public static final TargetKind<LinearTarget, Void> LINEAR = TargetKind.of(LinearTarget.TYPE, LinearTarget.class, LinearTarget::parse);
    public static final TargetKind<StripedTarget, StripedStatus> STRIPED =
            TargetKind.of(StripedTarget.TYPE, StripedTarget.class, StripedTarget::parse).withStatus(StripedStatus::parse);
    public static final TargetKind<ZeroTarget, Void> ZERO = TargetKind.of(ZeroTarget.TYPE, ZeroTarget.class, ZeroTarget::parse);
    public static final TargetKind<ErrorTarget, Void> ERROR = TargetKind.of(ErrorTarget.TYPE, ErrorTarget.class, ErrorTarget::parse);
    public static final TargetKind<FlakeyTarget, Void> FLAKEY = TargetKind.of(FlakeyTarget.TYPE, FlakeyTarget.class, FlakeyTarget::parse);
    public static final TargetKind<DelayTarget, DelayStatus> DELAY =
            TargetKind.of(DelayTarget.TYPE, DelayTarget.class, DelayTarget::parse).withStatus(DelayStatus::parse);
    public static final TargetKind<DustTarget, DustStatus> DUST =
            TargetKind.of(DustTarget.TYPE, DustTarget.class, DustTarget::parse).withStatus(DustStatus::parse);
    public static final TargetKind<ThinPoolTarget, ThinPoolStatus> THIN_POOL =
            TargetKind.of(ThinPoolTarget.TYPE, ThinPoolTarget.class, ThinPoolTarget::parse).withStatus(ThinPoolStatus::parse);
    public static final TargetKind<ThinTarget, ThinStatus> THIN =
            TargetKind.of(ThinTarget.TYPE, ThinTarget.class, ThinTarget::parse).withStatus(ThinStatus::parse);
    public static final TargetKind<SnapshotOriginTarget, Void> SNAPSHOT_ORIGIN =
            TargetKind.of(SnapshotOriginTarget.TYPE, SnapshotOriginTarget.class, SnapshotOriginTarget::parse);
    public static final TargetKind<SnapshotTarget, SnapshotStatus> SNAPSHOT =
            TargetKind.of(SnapshotTarget.TYPE, SnapshotTarget.class, SnapshotTarget::parse).withStatus(SnapshotStatus::parse);
    public static final TargetKind<SnapshotMergeTarget, SnapshotStatus> SNAPSHOT_MERGE =
            TargetKind.of(SnapshotMergeTarget.TYPE, SnapshotMergeTarget.class, SnapshotMergeTarget::parse).withStatus(SnapshotStatus::parse);
    public static final TargetKind<EraTarget, EraStatus> ERA =
            TargetKind.of(EraTarget.TYPE, EraTarget.class, EraTarget::parse).withStatus(EraStatus::parse);
    public static final TargetKind<CryptTarget, Void> CRYPT =
            TargetKind.of(CryptTarget.TYPE, CryptTarget.class, CryptTarget::parse).withLineParser(CryptTarget::parse);
    public static final TargetKind<CacheTarget, CacheStatus> CACHE =
            TargetKind.of(CacheTarget.TYPE, CacheTarget.class, CacheTarget::parse).withStatus(CacheStatus::parse);

    private static final List<TargetKind<?, ?>> ALL = List.of(LINEAR, STRIPED, ZERO, ERROR, FLAKEY, DELAY, DUST, THIN_POOL,
            THIN, SNAPSHOT_ORIGIN, SNAPSHOT, SNAPSHOT_MERGE, ERA, CRYPT, CACHE);
    private static final Map<String, TargetKind<?, ?>> BY_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(TargetKind::type, Function.identity()));

    private TargetKinds() {
    }

    /** Every kind, in the order above. */
    public static List<TargetKind<?, ?>> all() {
        return ALL;
    }

    /** The kind of the kernel's target type {@code type}, if jdm types it. */
    public static Optional<TargetKind<?, ?>> of(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }
}
