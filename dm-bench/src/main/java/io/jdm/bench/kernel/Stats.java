package io.jdm.bench.kernel;

import java.util.Arrays;
import java.util.List;

/**
 * Summary of one peer's repetitions of one workload, in nanoseconds per operation: the median as the
 * figure, and the min, max and interquartile range as its spread.
 */
public record Stats(double median, double min, double max, double q1, double q3, int samples) {

    public static Stats of(List<Double> nanosPerOp) {
        if (nanosPerOp.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] v = nanosPerOp.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(quantile(v, 0.5), v[0], v[v.length - 1], quantile(v, 0.25), quantile(v, 0.75), v.length);
    }

    /** Linear interpolation between the closest ranks (the usual "type 7" quantile). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** Interquartile range relative to the median, in percent: how noisy the figure is. */
    public double spreadPercent() {
        return median == 0 ? 0 : 100 * (q3 - q1) / median;
    }

    @Override
    public String toString() {
        return "median " + median + " ns/op over " + samples + " (" + Arrays.toString(new double[]{min, q1, q3, max}) + ")";
    }
}
