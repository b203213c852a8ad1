package io.jdm.targets.status;

import io.jdm.api.TargetStatus;

import java.util.Optional;

/**
 * Picks the typed status parser for a status line by its target type. Types with no typed status
 * (linear, zero, error, flakey, crypt, snapshot-origin print nothing useful or nothing at all) give
 * an empty result.
 */
public final class TargetStatuses {
    private TargetStatuses() {
    }

    /** The typed status of one line of {@code DM_TABLE_STATUS}, or empty when the type has no typed status. */
    public static Optional<StatusResult<?>> parse(TargetStatus line) {
        return parse(line.type(), line.text());
    }

    public static Optional<StatusResult<?>> parse(String type, String text) {
        StatusResult<?> result = switch (type) {
            case ThinPoolStatus.TYPE -> ThinPoolStatus.parse(text);
            case ThinStatus.TYPE -> ThinStatus.parse(text);
            case SnapshotStatus.TYPE, "snapshot-merge" -> SnapshotStatus.parse(text);
            case EraStatus.TYPE -> EraStatus.parse(text);
            case StripedStatus.TYPE -> StripedStatus.parse(text);
            case DelayStatus.TYPE -> DelayStatus.parse(text);
            case CacheStatus.TYPE -> CacheStatus.parse(text);
            default -> null;
        };
        return Optional.ofNullable(result);
    }
}
