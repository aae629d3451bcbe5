package io.numbat.platform.demo;

import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.provider.ProviderException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider in front of the demo deployer's real one that stops launching when the demo stops:
 * after {@link #shut()} every start fails at once without reaching the provider, and
 * {@link #awaitStarts} waits for the starts already under way, so that the nodes they launch are
 * known, and stopped, before the demo ends. Stops pass through.
 */
final class LaunchGate implements NodeProvider {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchGate.class);
    private final NodeProvider provider;
    /** Starts under way, with their node names. */
    private final Map<Future<Void>, String> starting = new HashMap<>();

    private boolean shut;

    LaunchGate(NodeProvider provider) {
        this.provider = provider;
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public Future<Void> start(NodeSpec spec) {
        Future<Void> started;
        synchronized (this) {
            if (shut) {
                return Future.failedFuture(new ProviderException(
                        "provider " + name() + ": the demo is stopping; " + spec.node() + " not launched"));
            }
            started = provider.start(spec);
            starting.put(started, spec.node());
        }
        started.onComplete(ar -> forget(started));
        return started;
    }

    private synchronized void forget(Future<Void> started) {
        starting.remove(started);
    }

    @Override
    public Future<Void> stop(String node) {
        return provider.stop(node);
    }

    /** Refuses every start from now on (the first call logs the starts under way). */
    synchronized void shut() {
        if (!shut) {
            shut = true;
            LOG.info(
                    "provider {}: launching nothing more; {} launches under way: {}",
                    name(),
                    starting.size(),
                    new TreeSet<>(starting.values()));
        }
    }

    /** {@link #shut()}, then waits up to {@code timeout} for the starts under way. Returns whether they all ended. */
    boolean awaitStarts(Duration timeout) throws InterruptedException {
        List<Future<Void>> underWay;
        synchronized (this) {
            shut();
            underWay = List.copyOf(starting.keySet());
        }
        CompletableFuture<?>[] all = underWay.stream()
                .map(f -> f.toCompletionStage().toCompletableFuture().exceptionally(e -> null))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
