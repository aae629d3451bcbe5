package io.numbat.console.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numbat.bridge.FailurePolicy;
import io.numbat.bridge.TopicPump;
import io.numbat.console.Fixtures;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.Severity;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console's decoder on the shared pump: records applied on the context, one that cannot be applied reported skipped. */
@ExtendWith(VertxExtension.class)
class TopicPumpTest {
    private static final String ALARMS = Topics.ALARMS.name();

    @Test
    void readsACompactedTopicFromTheBeginningAndAppliesRecordsOnTheContext(Vertx vertx) {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        TopicPartition tp = new TopicPartition(ALARMS, 0);
        consumer.updatePartitions(
                ALARMS, List.of(new PartitionInfo(ALARMS, 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        consumer.updateEndOffsets(Map.of(tp, 2L));
        Context context = vertx.getOrCreateContext();
        List<String> applied = new CopyOnWriteArrayList<>();
        RecordDecoder decoder = new RecordDecoder(registry);
        RecordSink sink = new RecordDecoderTest.Recording(applied) {
            @Override
            public void alarm(Alarm a) {
                applied.add((Vertx.currentContext() == context ? "on context: " : "elsewhere: ") + a.getId());
            }
        };
        Alarm alarm = Fixtures.raised("a@sim", "web", "memory", Severity.MINOR, 1_000);
        byte[] bytes = Topics.ALARMS.valueSerde(registry).serializer().serialize(ALARMS, alarm);
        TopicPump pump = new TopicPump("test", consumer, context, r -> decoder.prepare(r, sink), FailurePolicy.stop())
                .from(Map.of(ALARMS, 0L));
        try {
            consumer.addRecord(new ConsumerRecord<>(ALARMS, 0, 0, alarm.getId(), bytes));
            consumer.addRecord(new ConsumerRecord<>(ALARMS, 0, 1, "x", new byte[] {1, 2, 3}));
            await().atMost(Duration.ofSeconds(5)).until(() -> applied.size() == 2);
        } finally {
            pump.close();
        }
        assertThat(applied).containsExactly("on context: a@sim/memory", "skipped numbat.alarms");
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void aRecordThatCannotBeAppliedIsSkippedAndTheRecordsAroundItAreApplied(Vertx vertx) {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        TopicPartition tp = new TopicPartition(ALARMS, 0);
        consumer.updatePartitions(
                ALARMS, List.of(new PartitionInfo(ALARMS, 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        consumer.updateEndOffsets(Map.of(tp, 3L));
        List<String> applied = new CopyOnWriteArrayList<>();
        RecordDecoder decoder = new RecordDecoder(registry);
        RecordSink sink = new RecordDecoderTest.Recording(applied) {
            @Override
            public void alarm(Alarm a) {
                if (a.getId().startsWith("poison")) {
                    throw new OutOfMemoryError("Requested array size exceeds VM limit");
                }
                applied.add(a.getId());
            }

            @Override
            public void skipped(String topic, String reason) {
                applied.add("skipped: " + reason);
            }
        };
        var serializer = Topics.ALARMS.valueSerde(registry).serializer();
        TopicPump pump = new TopicPump(
                        "test",
                        consumer,
                        vertx.getOrCreateContext(),
                        r -> decoder.prepare(r, sink),
                        FailurePolicy.stop())
                .from(Map.of(ALARMS, 0L));
        try {
            int offset = 0;
            for (String node : List.of("a@sim", "poison@sim", "b@sim")) {
                Alarm alarm = Fixtures.raised(node, "web", "memory", Severity.MINOR, 1_000);
                consumer.addRecord(
                        new ConsumerRecord<>(ALARMS, 0, offset++, alarm.getId(), serializer.serialize(ALARMS, alarm)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> applied.size() == 3);
        } finally {
            pump.close();
        }
        assertThat(applied).hasSize(3);
        assertThat(applied.get(0)).isEqualTo("a@sim/memory");
        assertThat(applied.get(1))
                .startsWith("skipped: numbat.alarms-0@1: could not be applied: java.lang.OutOfMemoryError");
        assertThat(applied.get(2)).isEqualTo("b@sim/memory");
        assertThat(consumer.closed()).isTrue();
    }
}
