package io.jdm.thin.monitor;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A JFR event per extend a {@link PoolMonitor} made (the duration is the grow plus the reload). Off unless
 * a recording enables {@code io.jdm.thin.PoolExtended}.
 */
@Name("io.jdm.thin.PoolExtended")
@Label("Thin Pool Extended")
@Category({"jdm", "Thin Pool"})
@Description("A pool monitor grew a thin pool's data or metadata space")
@Enabled(false)
final class PoolExtendedEvent extends jdk.jfr.Event {
    @Label("Pool")
    String pool;

    @Label("Space")
    String space;

    @Label("From")
    @DataAmount
    long fromBytes;

    @Label("To")
    @DataAmount
    long toBytes;
}
