package io.numbat.platform.remedy;

import io.numbat.schemas.Remediation;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Each remediation's latest state, read from the compacted {@code numbat.remediations}: every partition from its
 * beginning to the end it had when the read started, without a consumer group (nothing is committed). A later record
 * of an id replaces an earlier one (one id always lands on one partition); a tombstone forgets it; a record that
 * cannot be decoded is skipped and counted.
 */
public final class RemediationLog {
    /** The latest state per remediation id, and how many records could not be decoded. */
    public record Latest(Map<String, Remediation> byId, int unreadable) {}

    private RemediationLog() {}

    public static Latest read(ClusterConnection cluster, Deserializer<Remediation> values, Duration timeout) {
        Map<String, Object> config = cluster.commonConfig("numbat-remediation");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Remediation> latest = new LinkedHashMap<>();
        int unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.REMEDIATIONS.name(), timeout)
                    .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, timeout));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.REMEDIATIONS.name()
                            + " to its end within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() == null) {
                        unreadable++;
                    } else if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        try {
                            latest.put(r.key(), values.deserialize(r.topic(), r.value()));
                        } catch (RuntimeException e) {
                            unreadable++;
                        }
                    }
                }
            }
        }
        return new Latest(latest, unreadable);
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
