package io.numbat.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pump following a topic from its beginning, without a consumer group, knows when it has read what the topic held. */
class TopicPumpFollowTest {
    private static final String TOPIC = "numbat.deployments";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final Vertx vertx = Vertx.vertx();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private TopicPump follower;

    @AfterEach
    void close() {
        if (follower != null) {
            follower.close();
        }
        vertx.close();
    }

    private void start() {
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(
                TOPIC,
                List.of(
                        new PartitionInfo(TOPIC, 0, node, new Node[] {node}, new Node[] {node}),
                        new PartitionInfo(TOPIC, 1, node, new Node[] {node}, new Node[] {node})));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        follower = new TopicPump(
                        "test",
                        consumer,
                        vertx.getOrCreateContext(),
                        RecordHandler.onContext(r -> handled.add(r.key())),
                        FailurePolicy.deadLetter((r, e) -> CompletableFuture.completedFuture(true)))
                .follow(TOPIC);
    }

    private void write(TopicPartition p, long offset, String key) {
        consumer.addRecord(
                new ConsumerRecord<>(TOPIC, p.partition(), offset, key, key.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void isCaughtUpOnceEveryRecordWrittenBeforeTheCallIsHandled() throws Exception {
        start();
        write(P0, 0, "web-1");
        write(P0, 1, "web-2");
        write(P1, 0, "db-1");
        consumer.updateEndOffsets(Map.of(P0, 2L, P1, 1L));

        follower.caughtUp().get(30, TimeUnit.SECONDS);

        assertThat(handled).containsExactlyInAnyOrder("web-1", "web-2", "db-1");
    }

    @Test
    void aWaitThatCanNeverEndFailsWhenTheFollowerCloses() throws Exception {
        start();
        consumer.updateEndOffsets(Map.of(P0, 5L, P1, 0L)); // records that never come
        CompletableFuture<Void> caughtUp = follower.caughtUp();
        Thread.sleep(300);
        assertThat(caughtUp).isNotDone();

        follower.close();

        assertThatThrownBy(() -> caughtUp.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("stopped");
    }
}
