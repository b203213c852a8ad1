package io.jdm.cli;

import io.jdm.api.InvalidInputException;
import io.jdm.thin.monitor.AutoextendPolicy;
import io.jdm.thin.monitor.MonitorOptions;

import java.time.Duration;
import java.util.Locale;

/**
 * What {@code thin monitor} was asked to do, read from its options before device-mapper is opened. The
 * numbers are only parsed here: the policy's and the monitor's own types decide what is valid (threshold
 * 50..100, a positive percent, maximum and period), so the CLI refuses exactly what the library would.
 *
 * @param policy          the autoextend policy for data and metadata
 * @param options         how the monitor wakes
 * @param exitAfterExtend exit 0 after this many Extended events; 0: run until stopped
 * @param json            one JSON object per event instead of a line of text
 */
record MonitorSettings(AutoextendPolicy policy, MonitorOptions options, int exitAfterExtend, boolean json) {
    static final int DEFAULT_THRESHOLD = 80;
    static final int DEFAULT_PERCENT = 20;
    static final long DEFAULT_PERIOD_SECONDS = 10;
    /** The monitor's bound ({@link MonitorOptions#LONGEST}), said in the unit of {@code --period}. */
    static final long MAX_PERIOD_SECONDS = MonitorOptions.LONGEST.toSeconds();

    /** @throws CommandFailedException for a value that is not a number or that the monitor refuses */
    static MonitorSettings parse(Options o) {
        try {
            int threshold = intValue(o, "threshold", DEFAULT_THRESHOLD);
            int percent = intValue(o, "percent", DEFAULT_PERCENT);
            AutoextendPolicy.Rule data = AutoextendPolicy.Rule.of(threshold, percent);
            if (o.value("max-size").isPresent()) {
                data = data.withMaximumBytes(ThinCommand.sizeBytes(o.value("max-size").get()));
            }
            AutoextendPolicy.Rule metadata = AutoextendPolicy.Rule.of(intValue(o, "metadata-threshold", threshold),
                    intValue(o, "metadata-percent", percent));
            long period = longValue(o, "period", DEFAULT_PERIOD_SECONDS);
            if (period > MAX_PERIOD_SECONDS) {
                throw new InvalidInputException("--period must be at most " + MAX_PERIOD_SECONDS + " seconds, got " + period);
            }
            MonitorOptions options = MonitorOptions.defaults().withPeriod(Duration.ofSeconds(period))
                    .withEvents(!o.has("no-events"));
            int exitAfter = intValue(o, "exit-after-extend", 0);
            if (o.has("exit-after-extend") && exitAfter <= 0) {
                throw new InvalidInputException("--exit-after-extend must be a positive count of extends, got " + exitAfter);
            }
            return new MonitorSettings(new AutoextendPolicy(data, metadata), options, exitAfter, o.has("json"));
        } catch (InvalidInputException | CommandFailedException e) {
            throw new CommandFailedException("thin monitor: " + e.getMessage());
        }
    }

    /** One line for stderr: what the policy does. */
    String describePolicy() {
        String data = describe(policy.data());
        String metadata = describe(policy.metadata());
        String period = "checks every " + options.period().toSeconds() + " s"
                + (options.useEvents() ? " and on device-mapper events" : " (device-mapper events off)");
        return "data " + data + (policy.data().maximumBytes() == Long.MAX_VALUE ? ""
                : " up to " + Sizes.bytes(policy.data().maximumBytes())) + ", metadata " + metadata + "; " + period;
    }

    private static String describe(AutoextendPolicy.Rule rule) {
        return rule.extending() ? String.format(Locale.ROOT, "+%d%% at %d%% full", rule.percent(), rule.thresholdPercent())
                : "never extended (threshold " + AutoextendPolicy.OFF + ")";
    }

    /** The option as an int; a number too large for one is passed on saturated, for the policy to refuse. */
    private static int intValue(Options o, String name, int otherwise) {
        return (int) Math.min(longValue(o, name, otherwise), Integer.MAX_VALUE);
    }

    private static long longValue(Options o, String name, long otherwise) {
        return o.value(name).map(v -> ThinCommand.number(v, "--" + name)).orElse(otherwise);
    }
}
