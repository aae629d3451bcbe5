package io.numbat.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component's Prometheus metrics ({@code GET /metrics}): the JVM's and the process's (Micrometer's binders, as
 * the console has), its Kafka clients' and Kafka Streams' (Micrometer's Kafka binders: every client metric, consumer
 * lag included, as {@code kafka_*}), and its own {@code numbat_*} series, which the per-component classes of this
 * package add. Gauges that need a look at the component are refreshed at each scrape ({@link #beforeScrape}).
 */
public final class ComponentMetrics implements AutoCloseable {
    /** How often the Kafka binders look for client metrics that came or went (a rebalance, a new partition). */
    static final Duration KAFKA_REFRESH = Duration.ofSeconds(15);

    /**
     * Kafka Streams metrics left out: per state store, per processor node and per source or sink topic of every
     * task. With 12 partitions they were about 7,900 of the processor's 9,300 series (ComponentMetricsIT), mostly
     * recorded only at the DEBUG recording level (empty at Streams' default, INFO). The thread-level and
     * task-level series (processing, punctuation, commits, dropped records) and the clients' stay.
     */
    static final List<String> LEFT_OUT =
            List.of("kafka.stream.state.", "kafka.stream.processor.node.", "kafka.stream.topic.");

    private static final Logger LOG = LoggerFactory.getLogger(ComponentMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ScheduledExecutorService kafkaRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "numbat-kafka-metrics");
        t.setDaemon(true);
        return t;
    });
    private final List<AutoCloseable> binders = new CopyOnWriteArrayList<>();
    private final List<Runnable> refreshers = new CopyOnWriteArrayList<>();

    public ComponentMetrics() {
        registry.config().meterFilter(MeterFilter.deny(id -> leftOut(id.getName())));
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where a component's own meters go. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Adds a Kafka producer's client metrics ({@code kafka_producer_*}). */
    public void kafka(Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer, Tags.empty(), kafkaRefresh, KAFKA_REFRESH));
    }

    /** Adds a Kafka consumer's client metrics ({@code kafka_consumer_*}, its records lag included). */
    public void kafka(Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer, Tags.empty(), kafkaRefresh, KAFKA_REFRESH));
    }

    /** Adds a Kafka Streams instance's metrics: its threads', tasks' and its clients' (lag included). */
    public void kafka(KafkaStreams streams) {
        bind(new KafkaStreamsMeters(streams::metrics, ComponentMetrics::leftOut, kafkaRefresh, KAFKA_REFRESH));
    }

    private static boolean leftOut(String meterName) {
        return LEFT_OUT.stream().anyMatch(meterName::startsWith);
    }

    private void bind(MeterBinder binder) {
        binder.bindTo(registry);
        binders.add((AutoCloseable) binder);
    }

    /** Runs {@code refresh} before each scrape (on the scraping thread), e.g. to update a multi-gauge's rows. */
    public void beforeScrape(Runnable refresh) {
        refreshers.add(refresh);
    }

    /** The metrics in the Prometheus text format, after the refreshers ran (one failing does not stop the scrape). */
    public synchronized String scrape() {
        for (Runnable r : refreshers) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("a metrics refresh failed; its series keep their last values: {}", e.toString());
            }
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(binders);
        for (AutoCloseable b : all) {
            try {
                b.close();
            } catch (Exception e) {
                LOG.debug("closing a Kafka metrics binder: {}", e.toString());
            }
        }
        kafkaRefresh.shutdownNow();
        gc.close();
        registry.close();
    }
}
