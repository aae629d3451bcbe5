package io.numbat.deployer.provider;

/** The fleet simulator as the {@code simulated} provider sees it. */
public interface SimulatedNodes {
    /** Starts a simulated node; it reports metrics from its next tick on. */
    void start(String node, String family);

    /** Stops a simulated node; false if it was not running. */
    boolean stop(String node);
}
