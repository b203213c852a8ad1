package io.jdm.thin.monitor;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event per {@link PoolEvent} a {@link PoolMonitor} reports, beside its listener. Off unless a
 * recording enables {@code io.jdm.thin.PoolEvent}; disabled, it costs a check of a flag.
 */
@Name("io.jdm.thin.PoolEvent")
@Label("Thin Pool Event")
@Category({"jdm", "Thin Pool"})
@Description("What a pool monitor reported about a thin pool: a threshold reached, an extend, running out of space...")
@Enabled(false)
@StackTrace(false)
final class PoolEventEvent extends jdk.jfr.Event {
    @Label("Pool")
    String pool;

    @Label("Kind")
    @Description("The PoolEvent's type: ThresholdReached, Extended, OutOfDataSpace...")
    String kind;

    @Label("Detail")
    String detail;

    static void record(PoolEvent event) {
        PoolEventEvent jfr = new PoolEventEvent();
        if (jfr.shouldCommit()) {
            jfr.pool = event.pool().toString();
            jfr.kind = event.getClass().getSimpleName();
            jfr.detail = event.toString();
            jfr.commit();
        }
    }
}
