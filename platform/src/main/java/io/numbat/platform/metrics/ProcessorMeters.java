package io.numbat.platform.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.numbat.processor.StreamProcessorApp;
import io.numbat.schemas.topic.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The stream processor's {@code numbat_processor_*} series, read from its Kafka Streams instance's own client metrics
 * at each scrape (so the topology pays nothing per record): records processed per input topic (its main consumers'
 * {@code records-consumed-total}), records written per output topic (its producers' {@code record-send-total}), of
 * them the dead letters and the scaling decisions, the records its exception handlers could not even dead-letter,
 * the consumer lag and whether it is RUNNING. Only Numbat's topics ({@link Topics#all()}) are counted, not the
 * internal repartition and changelog topics.
 */
public final class ProcessorMeters {
    private final KafkaStreams streams;
    private final Set<String> numbatTopics =
            Topics.all().stream().map(t -> t.name()).collect(Collectors.toUnmodifiableSet());
    private final Map<String, Double> consumed = new ConcurrentHashMap<>();
    private final Map<String, Double> sent = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private volatile double lag;

    private ProcessorMeters(KafkaStreams streams, MeterRegistry registry) {
        this.streams = streams;
        this.registry = registry;
    }

    /** Adds the processor's series and its Kafka Streams metrics to {@code metrics}. */
    public static ProcessorMeters bind(ComponentMetrics metrics, StreamProcessorApp app) {
        ProcessorMeters m = new ProcessorMeters(app.streams(), metrics.registry());
        MeterRegistry r = metrics.registry();
        FunctionCounter.builder("numbat.processor.records.dead.lettered", m, x -> x.sent(Topics.DEAD_LETTERS.name()))
                .description("Records the processor sent to numbat.dead-letters (its own checks and its exception "
                        + "handlers)")
                .register(r);
        FunctionCounter.builder(
                        "numbat.processor.records.dropped",
                        app,
                        a -> a.deadLetters().dropped())
                .description("Records dropped because not even their dead letter could be produced")
                .register(r);
        FunctionCounter.builder("numbat.processor.scaling.decisions", m, x -> x.sent(Topics.SCALING_DECISIONS.name()))
                .description("Scaling decisions the processor wrote (the scaling policy's and the remediations')")
                .register(r);
        Gauge.builder("numbat.processor.lag", m, x -> x.lag)
                .baseUnit("records")
                .description("Records behind the end of the processor's input partitions (its main consumers' "
                        + "records-lag, summed)")
                .register(r);
        Gauge.builder("numbat.processor.running", app, a -> a.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while Kafka Streams is RUNNING (tasks assigned and restored), else 0")
                .register(r);
        metrics.kafka(app.streams());
        metrics.beforeScrape(m::refresh);
        m.refresh();
        return m;
    }

    private double sent(String topic) {
        return sent.getOrDefault(topic, 0.0);
    }

    /** One pass over the Streams client metrics; a topic seen for the first time gets its counters. */
    void refresh() {
        Map<String, Double> in = new HashMap<>();
        Map<String, Double> out = new HashMap<>();
        double behind = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            String topic = n.tags().get("topic");
            if (!(e.getValue().metricValue() instanceof Double v) || v.isNaN() || topic == null) {
                continue;
            }
            boolean restore = n.tags().getOrDefault("client-id", "").contains("restore");
            if (n.group().equals("consumer-fetch-manager-metrics") && !restore) {
                if (n.name().equals("records-consumed-total") && !n.tags().containsKey("partition")) {
                    in.merge(topic, v, Double::sum);
                } else if (n.name().equals("records-lag") && n.tags().containsKey("partition")) {
                    behind += v;
                }
            } else if (n.group().equals("producer-topic-metrics") && n.name().equals("record-send-total")) {
                out.merge(topic, v, Double::sum);
            }
        }
        lag = behind;
        update(in, consumed, "numbat.processor.records.processed", "Records the processor read, by input topic");
        update(out, sent, "numbat.processor.records.written", "Records the processor wrote, by output topic");
    }

    private void update(Map<String, Double> now, Map<String, Double> counts, String name, String description) {
        for (Map.Entry<String, Double> e : now.entrySet()) {
            String topic = e.getKey();
            if (!numbatTopics.contains(topic)) {
                continue; // repartition and changelog topics are the processor's inner workings
            }
            // a client replaced (a thread restarted) starts its counts again: never let the counter go back
            Double before = counts.put(topic, Math.max(e.getValue(), counts.getOrDefault(topic, 0.0)));
            if (before == null) {
                FunctionCounter.builder(name, counts, c -> c.getOrDefault(topic, 0.0))
                        .description(description)
                        .tag("topic", topic)
                        .register(registry);
            }
        }
    }
}
