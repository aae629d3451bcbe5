package io.numbat.deployer.stop;

import io.numbat.deployer.launch.Scheduler;
import io.numbat.deployer.provider.NodeProvider;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;

/**
 * Stops nodes that are STOPPING: each drains for the configured period (it stays up, and the
 * family's other nodes take over its work), then its provider stops it, and the outcome is
 * reported as STOPPED or FAILED with the provider's reason. Not thread-safe: runs on the
 * {@link Scheduler}'s thread.
 */
public final class NodeStopper {
    /** Where the outcome of a stop goes; the deployer publishes it. */
    public interface Outcome {
        void stopped(String node, String reason);

        void failed(String node, String reason);
    }

    private final Duration drain;
    private final Map<String, NodeProvider> providers;
    private final Scheduler scheduler;
    private final Outcome outcome;

    public NodeStopper(Duration drain, Map<String, NodeProvider> providers, Scheduler scheduler, Outcome outcome) {
        this.drain = drain;
        this.providers = Map.copyOf(providers);
        this.scheduler = scheduler;
        this.outcome = outcome;
    }

    /** Stops {@code node} on {@code provider} once it has drained. */
    public void stop(String node, String provider) {
        if (drain.isZero()) {
            stopNow(node, provider);
        } else {
            scheduler.schedule(drain, () -> stopNow(node, provider));
        }
    }

    private void stopNow(String node, String providerName) {
        NodeProvider provider = providers.get(providerName);
        Future<Void> stopped;
        try {
            stopped = provider == null
                    ? Future.failedFuture("provider " + providerName + " is not configured in this deployer")
                    : provider.stop(node);
        } catch (RuntimeException e) {
            stopped = Future.failedFuture(e);
        }
        stopped.onComplete(ar -> scheduler.execute(() -> {
            if (ar.succeeded()) {
                outcome.stopped(node, "stopped by " + providerName);
            } else {
                outcome.failed(
                        node,
                        providerName + " could not stop the node: " + ar.cause().getMessage());
            }
        }));
    }
}
