package io.numbat.bench;

import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code numbat.deployments} read from the beginning, tallied per node: how many REQUESTED and
 * STARTING events each has (more than one of either is a node launched twice), which are RUNNING,
 * and when each event was made.
 */
final class DeploymentLog implements AutoCloseable {
    private final KafkaConsumer<String, DeploymentEvent> consumer;
    private final Map<String, Integer> requested = new HashMap<>();
    private final Map<String, Integer> starting = new HashMap<>();
    private final Map<String, String> runningFamily = new HashMap<>();
    private final Set<String> failed = new HashSet<>();
    /** STARTING and RUNNING events: family and when made. */
    private final List<Map.Entry<String, Long>> moves = new ArrayList<>();

    DeploymentLog(ClusterConnection cluster, SchemaRegistryClient registry) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000),
                Topics.DEPLOYMENTS.keySerde().deserializer(),
                Topics.DEPLOYMENTS.valueSerde(registry).deserializer());
        List<TopicPartition> parts = consumer.partitionsFor(Topics.DEPLOYMENTS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Reads until {@code done} holds or {@code deadlineNanos} (of {@link System#nanoTime()}) passes. */
    void readUntil(BooleanSupplier done, long deadlineNanos) {
        while (!done.getAsBoolean() && System.nanoTime() < deadlineNanos) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                DeploymentEvent e = r.value();
                if (e == null) {
                    return;
                }
                switch (e.getState()) {
                    case REQUESTED -> requested.merge(e.getNode(), 1, Integer::sum);
                    case STARTING -> starting.merge(e.getNode(), 1, Integer::sum);
                    case RUNNING -> runningFamily.put(e.getNode(), e.getFamily());
                    case FAILED -> failed.add(e.getNode());
                    default -> {}
                }
                if (e.getState() == DeploymentState.STARTING || e.getState() == DeploymentState.RUNNING) {
                    moves.add(Map.entry(e.getFamily(), e.getTimestamp().toEpochMilli()));
                }
            });
        }
    }

    /** Nodes of {@code families} that reached RUNNING. */
    long running(Set<String> families) {
        return runningFamily.values().stream().filter(families::contains).count();
    }

    boolean isRunning(String node) {
        return runningFamily.containsKey(node);
    }

    int failed() {
        return failed.size();
    }

    /** Nodes with more than one REQUESTED, plus nodes with more than one STARTING. */
    long launchedTwice() {
        return requested.values().stream().filter(n -> n > 1).count()
                + starting.values().stream().filter(n -> n > 1).count();
    }

    /** When the first STARTING or RUNNING event of {@code families} made after {@code afterMillis} was made. */
    Optional<Long> firstMoveAfter(Set<String> families, long afterMillis) {
        return moves.stream()
                .filter(m -> families.contains(m.getKey()) && m.getValue() > afterMillis)
                .map(Map.Entry::getValue)
                .min(Long::compare);
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
}
