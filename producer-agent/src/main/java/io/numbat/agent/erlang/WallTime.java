package io.numbat.agent.erlang;

/** Sums of {@code statistics(scheduler_wall_time)} over the normal schedulers: active and total time. */
record WallTime(double active, double total) {
    /** Utilisation between {@code earlier} and this sample, or NaN if no time passed. */
    double utilisationSince(WallTime earlier) {
        double dt = total - earlier.total;
        return dt <= 0 ? Double.NaN : (active - earlier.active) / dt;
    }
}
