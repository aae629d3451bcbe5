package io.numbat.deployer.launch;

import io.numbat.deployer.config.LaunchSettings;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees each node through its launch: at most {@code maxConcurrentStarts} nodes per provider are
 * starting at once (the rest wait REQUESTED, first come first served); an attempt that fails, or
 * does not reach RUNNING within the start timeout, is stopped best-effort and retried with
 * exponential back-off on the next-best provider (one not yet tried when another fits), until the
 * retries are spent and the node is FAILED with every attempt's reason.
 *
 * <p>A start slot is held from STARTING until the node is RUNNING (its first metrics) or its attempt
 * fails, not merely while the provider's {@code start} call is outstanding: so the limit bounds the
 * nodes booting at once. A retry keeps the node's name. Not thread-safe: every call, and every
 * callback, runs on the {@link Scheduler}'s thread.
 */
public final class LaunchSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchSupervisor.class);

    private final LaunchSettings settings;
    private final Map<String, NodeProvider> providers;
    private final Map<String, Integer> limits;
    private final RetryPlacer placer;
    private final Scheduler scheduler;
    private final LaunchListener listener;
    private final Map<String, Launch> launches = new HashMap<>();
    private final Map<String, ArrayDeque<Launch>> queues = new HashMap<>();
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, Integer> peak = new HashMap<>();

    /** One node's launch: its current attempt, where, and what went wrong before. */
    private static final class Launch {
        final NodeSpec spec;
        final Set<String> tried = new LinkedHashSet<>();
        final List<String> failures = new ArrayList<>();
        String provider;
        int attempt = 1;
        boolean starting;
        long timer = -1;

        Launch(NodeSpec spec, String provider) {
            this.spec = spec;
            this.provider = provider;
        }
    }

    /**
     * @param limits {@code maxConcurrentStarts} by provider name; every provider of {@code providers} needs one
     */
    public LaunchSupervisor(
            LaunchSettings settings,
            Map<String, NodeProvider> providers,
            Map<String, Integer> limits,
            RetryPlacer placer,
            Scheduler scheduler,
            LaunchListener listener) {
        this.settings = settings;
        this.providers = Map.copyOf(providers);
        this.limits = Map.copyOf(limits);
        this.placer = placer;
        this.scheduler = scheduler;
        this.listener = listener;
        for (String p : providers.keySet()) {
            if (!limits.containsKey(p)) {
                throw new IllegalArgumentException("no maxConcurrentStarts for provider " + p);
            }
        }
    }

    /** Launches a node that is REQUESTED on {@code provider}: it starts when the provider has a free slot. */
    public void launch(NodeSpec spec, String provider) {
        Launch l = new Launch(spec, provider);
        launches.put(spec.node(), l);
        enqueue(l);
    }

    /**
     * Resumes, after a restart, a node that was STARTING: its provider is asked again to start it (a
     * start of a node that is already up must succeed without a second one) without a new STARTING
     * event, and it holds a slot and gets a fresh start timeout.
     */
    public void resume(NodeSpec spec, String provider) {
        Launch l = new Launch(spec, provider);
        launches.put(spec.node(), l);
        begin(l, false);
    }

    /** The node's first metrics arrived: its launch is over and its slot frees. */
    public void running(String node) {
        Launch l = launches.remove(node);
        if (l != null && l.starting) {
            l.starting = false;
            scheduler.cancel(l.timer);
            release(l.provider);
        }
    }

    /**
     * Stops looking after {@code node} without stopping it or reporting anything: another deployer
     * has taken over its family and resumes the launch. Its slot frees, its timers are cancelled and
     * late answers about it are ignored.
     */
    public void forget(String node) {
        Launch l = launches.remove(node);
        if (l == null) {
            return;
        }
        scheduler.cancel(l.timer);
        ArrayDeque<Launch> q = queues.get(l.provider);
        if (q != null) {
            q.remove(l);
        }
        if (l.starting) {
            l.starting = false;
            release(l.provider);
        }
    }

    /** Whether {@code node} is being launched (queued, starting or waiting for a retry). */
    public boolean launching(String node) {
        return launches.containsKey(node);
    }

    /** Nodes starting now on {@code provider}. */
    public int inFlight(String provider) {
        return inFlight.getOrDefault(provider, 0);
    }

    /** The most nodes ever starting at once on {@code provider}. */
    public int peakInFlight(String provider) {
        return peak.getOrDefault(provider, 0);
    }

    /** Nodes waiting for a slot on {@code provider}. */
    public int queued(String provider) {
        ArrayDeque<Launch> q = queues.get(provider);
        return q == null ? 0 : q.size();
    }

    private void enqueue(Launch l) {
        queues.computeIfAbsent(l.provider, p -> new ArrayDeque<>()).add(l);
        pump(l.provider);
    }

    private void pump(String provider) {
        ArrayDeque<Launch> q = queues.get(provider);
        while (q != null && !q.isEmpty() && inFlight(provider) < limits.getOrDefault(provider, 1)) {
            Launch l = q.poll();
            if (launches.get(l.spec.node()) == l) {
                begin(l, true);
            }
        }
    }

    private void begin(Launch l, boolean announce) {
        int n = inFlight.merge(l.provider, 1, Integer::sum);
        peak.merge(l.provider, n, Math::max);
        l.starting = true;
        l.tried.add(l.provider);
        int attempt = l.attempt;
        if (announce) {
            listener.starting(
                    l.spec, l.provider, "attempt " + attempt + " of " + settings.attempts() + " on " + l.provider);
        }
        l.timer = scheduler.schedule(
                settings.startTimeout(),
                () -> attemptFailed(l, attempt, "not RUNNING within " + human(settings.startTimeout())));
        NodeProvider provider = providers.get(l.provider);
        Future<Void> started;
        try {
            started = provider == null
                    ? Future.failedFuture("provider " + l.provider + " is not configured in this deployer")
                    : provider.start(l.spec);
        } catch (RuntimeException e) {
            started = Future.failedFuture(e);
        }
        started.onComplete(ar -> {
            if (ar.failed()) {
                scheduler.execute(() -> attemptFailed(l, attempt, "start failed: " + message(ar.cause())));
            }
        });
    }

    private void attemptFailed(Launch l, int attempt, String why) {
        if (launches.get(l.spec.node()) != l || l.attempt != attempt || !l.starting) {
            return; // a late answer about an attempt that is already over
        }
        l.starting = false;
        scheduler.cancel(l.timer);
        String failedOn = l.provider;
        l.failures.add("attempt " + attempt + " on " + failedOn + ": " + why);
        LOG.warn("{}: attempt {} of {} on {} failed: {}", l.spec.node(), attempt, settings.attempts(), failedOn, why);
        stopQuietly(failedOn, l.spec.node());
        release(failedOn);
        if (attempt >= settings.attempts()) {
            launches.remove(l.spec.node());
            listener.failed(
                    l.spec,
                    failedOn,
                    "gave up after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + ": "
                            + String.join("; ", l.failures));
            return;
        }
        RetryPlacer.Pick pick = placer.pick(l.spec, Set.copyOf(l.tried));
        if (pick.provider() == null) {
            launches.remove(l.spec.node());
            listener.failed(
                    l.spec, failedOn, String.join("; ", l.failures) + "; no provider for a retry: " + pick.reason());
            return;
        }
        Duration wait = settings.backoffBefore(attempt + 1);
        l.attempt = attempt + 1;
        l.provider = pick.provider();
        listener.retrying(
                l.spec,
                l.provider,
                l.failures.get(l.failures.size() - 1) + "; attempt " + l.attempt + " of " + settings.attempts() + " on "
                        + l.provider + " in " + human(wait) + " (" + pick.reason() + ")");
        l.timer = scheduler.schedule(wait, () -> {
            if (launches.get(l.spec.node()) == l) {
                enqueue(l);
            }
        });
    }

    private void release(String provider) {
        inFlight.merge(provider, -1, Integer::sum);
        pump(provider);
    }

    /** Best effort: a failed attempt may have left something behind; what stopping it says is only logged. */
    private void stopQuietly(String providerName, String node) {
        NodeProvider provider = providers.get(providerName);
        if (provider == null) {
            return;
        }
        try {
            provider.stop(node)
                    .onFailure(e ->
                            LOG.debug("{}: stop after a failed attempt on {}: {}", node, providerName, message(e)));
        } catch (RuntimeException e) {
            LOG.debug("{}: stop after a failed attempt on {}: {}", node, providerName, message(e));
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
