package io.numbat.platform.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a whole topic from the beginning, without a consumer group, until a condition holds. */
final class TopicReader<K, V> implements AutoCloseable {
    private final KafkaConsumer<K, V> consumer;
    private final List<ConsumerRecord<K, V>> seen = new ArrayList<>();

    TopicReader(String bootstrap, String topic, Deserializer<K> keys, Deserializer<V> values) {
        this(bootstrap, topic, keys, values, false);
    }

    /** @param committedOnly read only committed transactions (what consumers of an exactly-once processor do) */
    TopicReader(String bootstrap, String topic, Deserializer<K> keys, Deserializer<V> values, boolean committedOnly) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        committedOnly ? "read_committed" : "read_uncommitted"),
                keys,
                values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Wraps a deserializer so that unreadable records (the tests' own garbage) are skipped. */
    static <T> Deserializer<T> skippingUnreadable(Deserializer<T> inner) {
        return (topic, data) -> {
            try {
                return inner.deserialize(topic, data);
            } catch (RuntimeException e) {
                return null;
            }
        };
    }

    /** Polls until some record read so far satisfies {@code condition}; returns all records read. */
    List<ConsumerRecord<K, V>> readUntil(Predicate<List<ConsumerRecord<K, V>>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(seen) && System.nanoTime() < deadline) {
            poll();
        }
        return List.copyOf(seen);
    }

    /**
     * Polls until every partition is read up to its end as it is now (reading committed only, its
     * last stable offset: nothing of an open transaction); returns all records read. Stops at
     * {@code timeout}, with what it read by then.
     */
    List<ConsumerRecord<K, V>> readToEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                && System.nanoTime() < deadline) {
            poll();
        }
        return List.copyOf(seen);
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
            if (r.value() != null) {
                seen.add(r);
            }
        });
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
