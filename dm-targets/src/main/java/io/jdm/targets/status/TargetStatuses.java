package io.jdm.targets.status;

import io.jdm.api.TargetStatus;
import io.jdm.targets.TargetKind;
import io.jdm.targets.TargetKinds;

import java.util.Optional;

/**
 * Picks the typed status parser for a status line by its target type, from {@link TargetKinds}. Types
 * with no typed status (linear, zero, error, flakey, crypt, snapshot-origin print nothing useful or
 * nothing at all) and types jdm does not know give an empty result.
 */
public final class TargetStatuses {
    private TargetStatuses() {
    }

    /** The typed status of one line of {@code DM_TABLE_STATUS}, or empty when the type has no typed status. */
    public static Optional<StatusResult<?>> parse(TargetStatus line) {
        return parse(line.type(), line.text());
    }

    public static Optional<StatusResult<?>> parse(String type, String text) {
        return TargetKinds.of(type).flatMap(kind -> statusOf(kind, text));
    }

    private static <S> Optional<StatusResult<?>> statusOf(TargetKind<?, S> kind, String text) {
        return kind.parseStatus(text).map(result -> result);
    }
}
