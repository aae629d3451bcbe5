package io.numbat.platform.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code numbat_alarms_active{family,type,severity}}: the alarms raised and not cleared, from the compacted
 * {@code numbat.alarms} read from its beginning on a thread of its own (no consumer group), so the count is right
 * after a restart and whatever tasks this processor instance holds; every instance reports the whole list (take the
 * {@code max} over instances). A label set once seen stays, at 0, so a rule sees the alarm go rather than the
 * series vanish.
 */
public final class ActiveAlarms implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveAlarms.class);

    /** An active alarm's labels. */
    record Labels(String family, String type, String severity) {}

    private final Map<String, Labels> active = new ConcurrentHashMap<>();
    private final Set<Labels> seen = new TreeSet<>((a, b) ->
            (a.family + '\0' + a.type + '\0' + a.severity).compareTo(b.family + '\0' + b.type + '\0' + b.severity));
    private final AtomicLong unreadable = new AtomicLong();
    private final Deserializer<Alarm> alarms;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean running = true;
    private MultiGauge gauge;

    ActiveAlarms(Deserializer<Alarm> alarms) {
        this.alarms = alarms;
    }

    /** Starts reading {@code numbat.alarms} and adds the gauge to {@code metrics}. */
    public static ActiveAlarms start(ComponentMetrics metrics, ClusterConnection cluster, Deserializer<Alarm> alarms) {
        ActiveAlarms a = new ActiveAlarms(alarms);
        a.bind(metrics);
        Map<String, Object> config = cluster.commonConfig("numbat-alarm-metrics");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.ALARMS.name(), Duration.ofSeconds(60))
                    .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        a.consumer = consumer;
        a.thread = new Thread(a::loop, "numbat-alarm-metrics");
        a.thread.setDaemon(true);
        a.thread.start();
        return a;
    }

    void bind(ComponentMetrics metrics) {
        gauge = MultiGauge.builder("numbat.alarms.active")
                .description("Alarms raised and not cleared (the live list on numbat.alarms), by family, type and "
                        + "severity")
                .register(metrics.registry());
        FunctionCounter.builder("numbat.alarms.records.unreadable", unreadable, AtomicLong::get)
                .description("Records of numbat.alarms that could not be read for numbat_alarms_active (skipped)")
                .register(metrics.registry());
        metrics.beforeScrape(this::refresh);
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    take(r.key(), r.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("numbat_alarms_active stopped following {}: {}", Topics.ALARMS.name(), e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** One record of the topic: a raise adds its alarm, a clear or a tombstone removes it. */
    void take(String id, byte[] value) {
        if (id == null) {
            unreadable.incrementAndGet();
            return;
        }
        if (value == null) {
            active.remove(id);
            return;
        }
        Alarm alarm;
        try {
            alarm = alarms.deserialize(Topics.ALARMS.name(), value);
        } catch (RuntimeException e) {
            alarm = null;
        }
        if (alarm == null) {
            unreadable.incrementAndGet();
            return;
        }
        if (alarm.getState() == AlarmState.CLEARED) {
            active.remove(id);
        } else {
            active.put(
                    id,
                    new Labels(
                            alarm.getFamily() == null ? "" : alarm.getFamily(),
                            alarm.getType(),
                            alarm.getSeverity().name().toLowerCase(Locale.ROOT)));
        }
    }

    /** Active alarms by labels now. */
    Map<Labels, Integer> counts() {
        Map<Labels, Integer> counts = new HashMap<>();
        for (Labels l : active.values()) {
            counts.merge(l, 1, Integer::sum);
        }
        return counts;
    }

    synchronized void refresh() {
        Map<Labels, Integer> counts = counts();
        seen.addAll(counts.keySet());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Labels l : seen) {
            rows.add(MultiGauge.Row.of(
                    Tags.of("family", l.family(), "type", l.type(), "severity", l.severity()),
                    counts.getOrDefault(l, 0)));
        }
        gauge.register(rows, true);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
