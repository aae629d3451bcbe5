package io.numbat.deployer.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a whole topic once, from the beginning to the end it had when the replay started, without
 * a consumer group: how the deployer rebuilds its node registry from the compacted
 * {@code numbat.deployments}. Blocking; run it off the event loop.
 */
public final class TopicReplay {
    private TopicReplay() {
    }

    /**
     * Hands each readable value to {@code onValue} and each record whose value cannot be read to
     * {@code onUnreadable}; returns how many values were read.
     */
    public static <V> int replay(KafkaConsumer<String, byte[]> consumer, String topic, Deserializer<V> values,
                                 Consumer<V> onValue, BiConsumer<ConsumerRecord<String, byte[]>, RuntimeException> onUnreadable) {
        int read = 0;
        try (consumer) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        V v = values.deserialize(r.topic(), r.value());
                        if (v != null) {
                            onValue.accept(v);
                            read++;
                        }
                    } catch (RuntimeException e) {
                        onUnreadable.accept(r, e);
                    }
                }
            }
        }
        return read;
    }
}
