package io.numbat.platform.top;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The latest {@code MetricBatch} of each node, read from the tail of {@code numbat.metrics}: each
 * partition from {@code lookback} ago to its end, without a consumer group (nothing is committed). A
 * single node's partition is the one its key hashes to (Kafka's default partitioner), so
 * {@code numbat top --node} reads one partition. Records that cannot be decoded are skipped: they are
 * the processor's to dead-letter.
 */
public final class LatestBatches {
    private LatestBatches() {}

    /** The latest batch of each node whose batch {@code wanted} accepts, by node id. */
    public static Map<String, MetricBatch> read(
            ClusterConnection cluster,
            Deserializer<MetricBatch> values,
            String onlyKey,
            Predicate<MetricBatch> wanted,
            Duration lookback,
            Duration timeout) {
        Map<String, Object> config = cluster.commonConfig("numbat-top");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        Map<String, MetricBatch> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.METRICS.name(), timeout);
            List<TopicPartition> partitions = new ArrayList<>();
            if (onlyKey != null) {
                int p = Utils.toPositive(Utils.murmur2(onlyKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        % infos.size();
                partitions.add(new TopicPartition(Topics.METRICS.name(), p));
            } else {
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            consumer.assign(partitions);
            long from = Instant.now().minus(lookback).toEpochMilli();
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(tp -> at.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(at, timeout);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, timeout));
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp s = starts.get(tp);
                consumer.seek(tp, s == null ? ends.get(tp) : s.offset());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, ends) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (onlyKey != null && !onlyKey.equals(r.key())) {
                        continue;
                    }
                    MetricBatch b;
                    try {
                        b = values.deserialize(r.topic(), r.value());
                    } catch (RuntimeException e) {
                        continue;
                    }
                    if (b != null && wanted.test(b)) {
                        MetricBatch before = latest.get(b.getNode());
                        if (before == null || !before.getTimestamp().isAfter(b.getTimestamp())) {
                            latest.put(b.getNode(), b);
                        }
                    }
                }
            }
        }
        return latest;
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
