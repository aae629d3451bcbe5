package io.numbat.platform.demo;

import io.numbat.agent.fleet.FamilySpec;
import java.time.Duration;
import java.util.List;

/**
 * How the demo's closed loop is set up: a fleet of {@code nodes} simulated nodes in two families,
 * {@code web} (overloaded, so the loop has something to do) and {@code db} (comfortable), with its
 * fault-injection endpoint on {@code fleetPort} (0 picks a free one).
 */
public record DemoSettings(
        int nodes, Duration interval, Duration trendWindow, Duration cooldown, long seed, int fleetPort) {
    public DemoSettings {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be >= 1, was " + nodes);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--interval must be positive, was " + interval);
        }
        if (trendWindow.compareTo(interval) < 0) {
            throw new IllegalArgumentException(
                    "--trend-window (" + trendWindow + ") must be at least --interval (" + interval + ")");
        }
    }

    /** {@code web} runs at about 90 % per node, {@code db} at about 40 %. */
    public List<FamilySpec> families() {
        int web = (nodes + 1) / 2;
        int db = nodes - web;
        return List.of(new FamilySpec("web", web, 0.9 * web), new FamilySpec("db", db, 0.4 * Math.max(db, 1)));
    }
}
