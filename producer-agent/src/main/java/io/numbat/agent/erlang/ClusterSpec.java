package io.numbat.agent.erlang;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One cluster the agent watches: its seed nodes, the file holding its cookie, how node names map to families,
 * how it is collected, and whether the nodes connected to the seeds are watched too ({@code discover}).
 *
 * @param name        for logs (e.g. {@code shop}, or {@code cluster-0})
 * @param seeds       NAME@HOST nodes, always watched and never forgotten
 * @param cookieFile  the cluster's cookie (never the cookie itself)
 * @param families    family by node-name pattern
 * @param settings    interval and collectors
 * @param discover    watch every node connected to a seed, visible or hidden, and follow joins and leaves
 * @param forgetAfter a discovered node that has been down this long and is no longer connected to a seed is
 *                    forgotten
 * @param exclude     globs of node names never watched (the agent's own JInterface nodes, for example)
 */
public record ClusterSpec(
        String name,
        List<String> seeds,
        Path cookieFile,
        FamilyPatterns families,
        ErlangSettings settings,
        boolean discover,
        Duration forgetAfter,
        List<String> exclude) {
    /** How long a discovered node that left is kept (its DOWN published) before it is forgotten, unless configured. */
    public static final Duration DEFAULT_FORGET_AFTER = Duration.ofMinutes(10);

    /**
     * Hidden JInterface nodes connected to the seeds that are not BEAM nodes (they cannot answer a call): Numbat's
     * own agents and control connections.
     */
    public static final List<String> DEFAULT_EXCLUDE = List.of("numbat_agent_*", "numbat_control_*");

    public ClusterSpec {
        seeds = List.copyOf(seeds);
        exclude = List.copyOf(exclude);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(name + ": no seed node");
        }
    }

    /** Whether {@code node} is never watched. */
    public boolean excluded(String node) {
        return exclude.stream().anyMatch(glob -> FamilyPatterns.matches(glob, node));
    }
}
