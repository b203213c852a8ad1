package io.jdm.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep found under a prefix and what became of it.
 *
 * @param removed  devices it removed
 * @param deferred devices still open, marked to go when their last user closes them
 * @param failed   devices it could not remove, with the reason
 */
public record SweepReport(List<String> removed, List<String> deferred, Map<String, String> failed) {
    public SweepReport {
        removed = List.copyOf(removed);
        deferred = List.copyOf(deferred);
        failed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }

    static SweepReport empty() {
        return new SweepReport(List.of(), List.of(), Map.of());
    }

    /** Whether any device was still there for the sweep to deal with. */
    public boolean foundAny() {
        return !removed.isEmpty() || !deferred.isEmpty() || !failed.isEmpty();
    }

    /** Whether a device may still exist after the sweep. */
    public boolean leftSomething() {
        return !deferred.isEmpty() || !failed.isEmpty();
    }

    /** One line per outcome, e.g. {@code "removed: jdmt-x1y2z3-a, jdmt-x1y2z3-b"}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (!removed.isEmpty()) {
            sb.append("removed: ").append(String.join(", ", removed));
        }
        if (!deferred.isEmpty()) {
            sb.append(sb.isEmpty() ? "" : "; ").append("still open, removal deferred to last close: ")
                    .append(String.join(", ", deferred));
        }
        failed.forEach((name, why) -> sb.append(sb.isEmpty() ? "" : "; ")
                .append("could not remove ").append(name).append(": ").append(why));
        return sb.toString();
    }
}
