package io.numbat.deployer.provider;

import io.vertx.core.Future;

/**
 * The fleet simulator as the {@code simulated} provider sees it: in this JVM (the demo) or, over
 * HTTP, a separate {@code numbat fleet}. The provider uses the non-blocking calls; an in-process
 * fleet only needs the blocking ones.
 */
public interface SimulatedNodes {
    /** Starts a simulated node; it reports metrics from its next tick on. Starting a running node does nothing. */
    void start(String node, String family);

    /** Stops a simulated node; false if it was not running. */
    boolean stop(String node);

    /** {@link #start} without blocking: completes when the fleet has the node. */
    default Future<Void> startLater(String node, String family) {
        try {
            start(node, family);
            return Future.succeededFuture();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** {@link #stop} without blocking: true if the node was running. */
    default Future<Boolean> stopLater(String node) {
        try {
            return Future.succeededFuture(stop(node));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
