package io.numbat.bench;

import io.numbat.schemas.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes {@link IngestSnapshot}s of a running ingest: the processor's committed offsets and the end
 * offsets on {@code numbat.metrics} (through the admin client), and the CPU of this process, the
 * processor and the platform.
 */
final class IngestProbe {
    /** The stream processor's consumer group (its Kafka Streams application id). */
    static final String GROUP = "numbat-stream-processor";

    private final Admin admin;
    private final NumbatProcess processor;
    private final NumbatProcess platform;

    IngestProbe(Admin admin, NumbatProcess processor, NumbatProcess platform) {
        this.admin = admin;
        this.processor = processor;
        this.platform = platform;
    }

    IngestSnapshot snapshot() throws ExecutionException, InterruptedException {
        long committed = committed();
        long ends = ends();
        return new IngestSnapshot(
                System.nanoTime(),
                committed,
                ends,
                ProcessStats.cpuSeconds(),
                processor.cpuSeconds(),
                platform.cpuSeconds());
    }

    /**
     * The first snapshot whose committed offsets differ from {@code since}'s, polled every 100 ms: the
     * moment of the processor's next commit, when its committed offsets are exactly what it has
     * processed. Gives up after {@code atMost} and returns the last snapshot taken (a processor that
     * stopped committing).
     */
    IngestSnapshot nextCommit(IngestSnapshot since, Duration atMost) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        IngestSnapshot s = snapshot();
        while (s.committed() == since.committed() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = snapshot();
        }
        return s;
    }

    private long committed() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get();
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Topics.METRICS.name()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
    }

    private long ends() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < Topics.METRICS.partitions(); p++) {
            request.put(new TopicPartition(Topics.METRICS.name(), p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get().values().stream()
                .mapToLong(r -> r.offset())
                .sum();
    }
}
