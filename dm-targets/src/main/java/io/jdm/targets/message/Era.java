package io.jdm.targets.message;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.StatusReport;
import io.jdm.targets.status.EraStatus;
import io.jdm.targets.status.StatusResult;

import java.util.Objects;

/** The messages of a live {@code era} device. */
public final class Era {
    private final DeviceMapper dm;
    private final DeviceRef device;

    private Era(DeviceMapper dm, DeviceRef device) {
        this.dm = Objects.requireNonNull(dm, "dm");
        this.device = Objects.requireNonNull(device, "device");
    }

    public static Era of(DeviceMapper dm, DeviceRef device) {
        return new Era(dm, device);
    }

    /** {@code checkpoint}: may start a new era; read {@link #status()} for the current one. */
    public void checkpoint() {
        dm.message(device, 0, "checkpoint");
    }

    /** {@code take_metadata_snap}: a consistent metadata snapshot for {@code era_invalidate}. */
    public void takeMetadataSnap() {
        dm.message(device, 0, "take_metadata_snap");
    }

    public void dropMetadataSnap() {
        dm.message(device, 0, "drop_metadata_snap");
    }

    public EraStatus status() {
        return parsedStatus().orElseThrow();
    }

    public StatusResult<EraStatus> parsedStatus() {
        StatusReport report = dm.status(device);
        return ThinPool.onlyTarget(report, EraStatus.TYPE).map(t -> EraStatus.parse(t.text()))
                .orElseGet(() -> StatusResult.failed(EraStatus.TYPE, report.targets().toString(),
                        "device " + device + " has no single era target"));
    }
}
