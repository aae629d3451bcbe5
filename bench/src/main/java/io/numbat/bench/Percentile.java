package io.numbat.bench;

import java.util.List;

/** Nearest-rank percentiles of a sorted list, as the benchmarks print them. */
final class Percentile {
    private Percentile() {}

    /** The {@code q} quantile of {@code sorted} (nearest rank), or -1 if it is empty. */
    static double of(List<? extends Number> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1))
                .doubleValue();
    }
}
