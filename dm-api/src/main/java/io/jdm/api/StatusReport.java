package io.jdm.api;

import java.util.List;

/** The reply of a status query (or of a wait): the device's info and each target's status text. */
public record StatusReport(DeviceInfo info, List<TargetStatus> targets) {
    public StatusReport {
        targets = List.copyOf(targets);
    }
}
