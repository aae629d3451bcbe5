package io.numbat.platform.failover;

import io.numbat.platform.PlatformException;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group (the stream processor's application id) has got through
 * {@code numbat.metrics}: the sum of its committed offsets, and whether it is behind the log end.
 * Each call asks the cluster; while it cannot answer, the last answer stands.
 */
final class ConsumerProgress implements AutoCloseable {
    private final Admin admin;
    private final String group;
    private volatile long committed;
    private volatile boolean behind = true;

    ConsumerProgress(ClusterConnection connection, String group) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                connection.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2_000));
        this.group = group;
    }

    /** Sum of the committed offsets on {@code numbat.metrics}. */
    long committed() {
        refresh();
        return committed;
    }

    boolean behind() {
        return behind;
    }

    private void refresh() {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(3, TimeUnit.SECONDS)
                    .entrySet()
                    .stream()
                    .filter(e -> e.getKey().topic().equals(Topics.METRICS.name()) && e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            Map<TopicPartition, OffsetSpec> latest =
                    offsets.keySet().stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            long end = 0;
            for (var e :
                    admin.listOffsets(latest).all().get(3, TimeUnit.SECONDS).entrySet()) {
                end += e.getValue().offset();
            }
            long sum = offsets.values().stream()
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
            committed = sum;
            behind = offsets.isEmpty() || sum < end;
        } catch (Exception e) {
            // the cluster is between leaders: keep the last answer (no progress seen)
        }
    }

    /** Waits until the group has committed up to the log end of every partition. */
    void awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            refresh();
            if (!behind) {
                return;
            }
            Thread.sleep(500);
        }
        throw new PlatformException("the stream processor did not catch up within " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
