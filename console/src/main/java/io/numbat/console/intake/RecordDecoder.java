package io.numbat.console.intake;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.Topics;
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

    RecordDecoder(SchemaRegistryClient registry) {
        metrics = Topics.METRICS.valueSerde(registry).deserializer();
        alarms = Topics.ALARMS.valueSerde(registry).deserializer();
        acks = Topics.ALARM_ACKS.valueSerde(registry).deserializer();
        forecasts = Topics.FORECASTS.valueSerde(registry).deserializer();
        deployments = Topics.DEPLOYMENTS.valueSerde(registry).deserializer();
        nodeEvents = Topics.NODE_EVENTS.valueSerde(registry).deserializer();
    }

    void handle(ConsumerRecords<String, byte[]> records, RecordSink sink) {
        for (ConsumerRecord<String, byte[]> r : records) {
            handle(r, sink);
        }
    }

    void handle(ConsumerRecord<String, byte[]> r, RecordSink sink) {
        String topic = r.topic();
        if (r.value() == null) {
            if (r.key() != null) {
                sink.removed(topic, r.key());
            }
            return;
        }
        try {
            if (topic.equals(Topics.METRICS.name())) {
                deliver(metrics.deserialize(topic, r.value()), sink::metrics);
            } else if (topic.equals(Topics.ALARMS.name())) {
                deliver(alarms.deserialize(topic, r.value()), sink::alarm);
            } else if (topic.equals(Topics.ALARM_ACKS.name())) {
                deliver(acks.deserialize(topic, r.value()), sink::ack);
            } else if (topic.equals(Topics.FORECASTS.name())) {
                deliver(forecasts.deserialize(topic, r.value()), sink::forecast);
            } else if (topic.equals(Topics.DEPLOYMENTS.name())) {
                deliver(deployments.deserialize(topic, r.value()), sink::deployment);
            } else if (topic.equals(Topics.NODE_EVENTS.name())) {
                deliver(nodeEvents.deserialize(topic, r.value()), sink::nodeEvent);
            } else {
                sink.skipped(topic, "not a console topic");
            }
        } catch (RuntimeException e) {
            sink.skipped(topic, topic + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
        }
    }

    private static <T> void deliver(T value, Consumer<T> to) {
        if (value == null) {
            throw new IllegalArgumentException("record has no value");
        }
        to.accept(value);
    }
}
