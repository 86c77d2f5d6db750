package io.synod.app.bench;

import java.util.ArrayList;
import java.util.List;

/** Latency samples (ms) collected while a measurement window is open; percentiles of what it holds. */
final class LatencyWindow {
    private final List<Double> samples = new ArrayList<>();
    private boolean open;

    synchronized void open() {
        samples.clear();
        open = true;
    }

    synchronized void record(double ms) {
        if (open) {
            samples.add(ms);
        }
    }

    /** Closes the window and returns its percentiles. */
    synchronized Percentiles close() {
        open = false;
        return Percentiles.of(samples);
    }

    /** p50/p95/p99/max of a set of samples; all NaN when there are none. */
    record Percentiles(int count, double p50, double p95, double p99, double max) {
        static Percentiles of(List<Double> values) {
            if (values.isEmpty()) {
                return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(Double::compare);
            return new Percentiles(sorted.size(), at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted.get(sorted.size() - 1));
        }

        private static double at(List<Double> sorted, double p) {
            int index = (int) Math.ceil(p * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
    }
}
