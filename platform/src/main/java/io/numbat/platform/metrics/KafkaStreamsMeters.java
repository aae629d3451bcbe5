package io.numbat.platform.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Streams instance's client metrics as Micrometer meters, named as Micrometer's own Kafka binder names them
 * ({@code kafka.<group without -metrics>.<name>}, dashes as dots; the metric's tags plus {@code kafka.version}), but
 * only the groups kept: the metrics left out are skipped before any work is done for them.
 *
 * <p>Why not Micrometer's {@code KafkaStreamsMetrics}: every time the set of Streams metrics changed (it did at
 * almost every 15 s refresh), it re-examined all 9,600 of them, comparing each with every meter of the same name
 * (tags rebuilt with regular expressions each time), the 7,900 left out included. JFR showed that refresh thread with
 * 13.6 % of the processor's CPU samples at 100,000 samples/s. This one looks at each new metric once.
 *
 * <p>As Micrometer's binder does, one meter name keeps one set of tag keys (Prometheus requires it): the metrics
 * with the most tags win (a client-level metric with a per-partition twin of the same name is left to the twin).
 */
final class KafkaStreamsMeters implements MeterBinder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamsMeters.class);
    private static final Set<String> METADATA_GROUPS = Set.of("app-info", "kafka-metrics-count");

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final Predicate<String> leftOut;
    private final ScheduledExecutorService scheduler;
    private final Duration refresh;
    /** The clients' version, from their {@code app-info} metric, as Micrometer tags it. */
    private String kafkaVersion;
    /** The meters made, by the metric they read. */
    private final Map<MetricName, Meter> meters = new HashMap<>();
    /** Metrics looked at and skipped (left out, metadata, not numeric, or with fewer tags than their name's). */
    private final Set<MetricName> skipped = new HashSet<>();
    /** The tag keys of each meter name: the widest seen so far. */
    private final Map<String, Set<String>> tagKeys = new HashMap<>();

    private volatile Map<MetricName, ? extends Metric> current = Map.of();
    private MeterRegistry registry;
    private ScheduledFuture<?> task;

    /** {@code leftOut} takes a meter name ({@code kafka.stream.state.…}) and says whether to skip it. */
    KafkaStreamsMeters(
            Supplier<Map<MetricName, ? extends Metric>> metrics,
            Predicate<String> leftOut,
            ScheduledExecutorService scheduler,
            Duration refresh) {
        this.metrics = metrics;
        this.leftOut = leftOut;
        this.scheduler = scheduler;
        this.refresh = refresh;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        refresh();
        task = scheduler.scheduleAtFixedRate(
                this::refreshQuietly, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("reading the Kafka Streams metrics failed; trying again in {}: {}", refresh, e.toString());
        }
    }

    /** Adds meters for new metrics and removes those of metrics that are gone. */
    synchronized void refresh() {
        Map<MetricName, ? extends Metric> now = metrics.get();
        current = now;
        if (kafkaVersion == null) {
            kafkaVersion = now.entrySet().stream()
                    .filter(e -> e.getKey().group().equals("app-info")
                            && e.getKey().name().equals("version"))
                    .map(e -> String.valueOf(e.getValue().metricValue()))
                    .findFirst()
                    .orElse("unknown");
        }
        meters.entrySet().removeIf(e -> {
            if (now.containsKey(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue());
            return true;
        });
        skipped.removeIf(n -> !now.containsKey(n));
        // the new metrics by meter name, to give each name the widest set of tag keys
        Map<String, List<MetricName>> fresh = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : now.entrySet()) {
            MetricName n = e.getKey();
            if (meters.containsKey(n) || skipped.contains(n)) {
                continue;
            }
            String name = meterName(n);
            if (METADATA_GROUPS.contains(n.group())
                    || !(e.getValue().metricValue() instanceof Number)
                    || leftOut.test(name)) {
                skipped.add(n);
            } else {
                fresh.computeIfAbsent(name, k -> new ArrayList<>()).add(n);
            }
        }
        fresh.forEach(this::register);
    }

    private void register(String name, List<MetricName> candidates) {
        Set<String> widest = candidates.stream()
                .map(KafkaStreamsMeters::keysOf)
                .max((a, b) -> Integer.compare(a.size(), b.size()))
                .orElseThrow();
        Set<String> keys = tagKeys.get(name);
        if (keys == null || widest.size() > keys.size()) {
            if (keys != null) { // a twin with more tags came: its name's narrower meters give way
                meters.entrySet().removeIf(e -> {
                    if (!meterName(e.getKey()).equals(name)) {
                        return false;
                    }
                    registry.remove(e.getValue());
                    skipped.add(e.getKey());
                    return true;
                });
            }
            keys = widest;
            tagKeys.put(name, keys);
        }
        for (MetricName n : candidates) {
            if (keysOf(n).equals(keys)) {
                meters.put(n, meter(name, n));
            } else {
                skipped.add(n);
            }
        }
    }

    private static Set<String> keysOf(MetricName n) {
        return new TreeSet<>(n.tags().keySet());
    }

    private Meter meter(String name, MetricName n) {
        List<Tag> tags = new ArrayList<>();
        n.tags().forEach((k, v) -> tags.add(Tag.of(k.replace('-', '.'), v)));
        tags.add(Tag.of("kafka.version", kafkaVersion));
        if (name.endsWith("total") || name.endsWith("count")) {
            return FunctionCounter.builder(name, this, m -> m.value(n))
                    .tags(tags)
                    .description(n.description())
                    .register(registry);
        }
        return Gauge.builder(name, this, m -> m.value(n))
                .tags(tags)
                .description(n.description())
                .register(registry);
    }

    private double value(MetricName n) {
        Metric m = current.get(n);
        return m != null && m.metricValue() instanceof Number v ? v.doubleValue() : Double.NaN;
    }

    /** Micrometer's name for a Kafka metric: {@code kafka.<group>.<name>}, without "-metrics", dashes as dots. */
    static String meterName(MetricName n) {
        return ("kafka." + n.group() + "." + n.name()).replace("-metrics", "").replace('-', '.');
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
        if (registry != null) {
            meters.values().forEach(registry::remove);
        }
        meters.clear();
    }
}
