package io.numbat.console.intake;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.console.view.KeyMetric;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes raw records of the console's topics with their Avro serdes and hands them to a
 * {@link RecordSink}; an unreadable record is reported as skipped (the stream processor already
 * dead-letters it) and never stops the others.
 */
final class RecordDecoder {
    private final Deserializer<MetricBatch> metrics;
    private final Deserializer<Alarm> alarms;
    private final Deserializer<AlarmAck> acks;
    private final Deserializer<ExhaustionForecast> forecasts;
    private final Deserializer<DeploymentEvent> deployments;
    private final Deserializer<NodeEvent> nodeEvents;
    private final Deserializer<MetricTrend> trends;

    RecordDecoder(SchemaRegistryClient registry) {
        metrics = Topics.METRICS.valueSerde(registry).deserializer();
        alarms = Topics.ALARMS.valueSerde(registry).deserializer();
        acks = Topics.ALARM_ACKS.valueSerde(registry).deserializer();
        forecasts = Topics.FORECASTS.valueSerde(registry).deserializer();
        deployments = Topics.DEPLOYMENTS.valueSerde(registry).deserializer();
        nodeEvents = Topics.NODE_EVENTS.valueSerde(registry).deserializer();
        trends = Topics.TRENDS.valueSerde(registry).deserializer();
    }

    /**
     * Decodes a batch (on the calling thread: the pump's, since the first record of a schema fetches
     * it from the registry) into work that hands the records to {@code sink} (on the view's thread).
     */
    Runnable prepare(ConsumerRecords<String, byte[]> records, RecordSink sink) {
        List<Consumer<RecordSink>> decoded = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            decoded.add(guarded(r, decode(r)));
        }
        return () -> decoded.forEach(d -> d.accept(sink));
    }

    /**
     * Applies one record, reporting it skipped if applying it fails (an {@link Error} too): the records
     * of its batch around it are applied all the same.
     */
    private static Consumer<RecordSink> guarded(ConsumerRecord<String, byte[]> r, Consumer<RecordSink> apply) {
        return s -> {
            try {
                apply.accept(s);
            } catch (Throwable t) {
                s.skipped(r.topic(), r.topic() + "-" + r.partition() + "@" + r.offset() + ": could not be applied: " + t);
            }
        };
    }

    /** Decodes and delivers one record at once. */
    void handle(ConsumerRecord<String, byte[]> r, RecordSink sink) {
        decode(r).accept(sink);
    }

    Consumer<RecordSink> decode(ConsumerRecord<String, byte[]> r) {
        String topic = r.topic();
        if (r.value() == null) {
            return r.key() == null ? s -> { } : s -> s.removed(topic, r.key());
        }
        try {
            if (topic.equals(Topics.METRICS.name())) {
                MetricBatch v = present(metrics.deserialize(topic, r.value()));
                return s -> s.metrics(v);
            } else if (topic.equals(Topics.ALARMS.name())) {
                Alarm v = present(alarms.deserialize(topic, r.value()));
                return s -> s.alarm(v);
            } else if (topic.equals(Topics.ALARM_ACKS.name())) {
                AlarmAck v = present(acks.deserialize(topic, r.value()));
                return s -> s.ack(v);
            } else if (topic.equals(Topics.FORECASTS.name())) {
                ExhaustionForecast v = present(forecasts.deserialize(topic, r.value()));
                return s -> s.forecast(v);
            } else if (topic.equals(Topics.DEPLOYMENTS.name())) {
                DeploymentEvent v = present(deployments.deserialize(topic, r.value()));
                return s -> s.deployment(v);
            } else if (topic.equals(Topics.TRENDS.name())) {
                if (!keyMetricTrend(r.key())) {
                    return s -> { }; // keyed node/metric: other metrics are dropped unread
                }
                MetricTrend v = present(trends.deserialize(topic, r.value()));
                return s -> s.trend(v);
            } else if (topic.equals(Topics.NODE_EVENTS.name())) {
                NodeEvent v = present(nodeEvents.deserialize(topic, r.value()));
                return s -> s.nodeEvent(v);
            }
            return s -> s.skipped(topic, "not a console topic");
        } catch (RuntimeException e) {
            String reason = topic + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage();
            return s -> s.skipped(topic, reason);
        }
    }

    private static boolean keyMetricTrend(String key) {
        int slash = key == null ? -1 : key.lastIndexOf('/');
        try {
            return slash > 0 && KeyMetric.byId(Integer.parseInt(key.substring(slash + 1))).isPresent();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static <T> T present(T value) {
        if (value == null) {
            throw new IllegalArgumentException("record has no value");
        }
        return value;
    }
}
