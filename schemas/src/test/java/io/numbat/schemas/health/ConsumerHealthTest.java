package io.numbat.schemas.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ConsumerHealthTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ConsumerHealth health = new ConsumerHealth(Duration.ofSeconds(5), Duration.ofSeconds(60), clock::get);
    private final TopicPartition tp = new TopicPartition("t", 0);

    @Test
    void readyOnceThePositionReachesTheEndSeenFirst() {
        MockConsumer<String, String> consumer = consumer(3);
        health.probe(consumer);
        assertThat(health.live()).isTrue();
        assertThat(health.caughtUp()).isFalse();
        assertThat(health.lag()).isEqualTo(3);
        assertThat(health.health().ready()).isFalse();
        for (int i = 0; i < 3; i++) {
            consumer.addRecord(new ConsumerRecord<>("t", 0, i, "k", "v"));
        }
        consumer.poll(Duration.ZERO);
        health.probe(consumer);
        assertThat(health.lag()).as("probes at most every 5 s").isEqualTo(3);
        clock.addAndGet(5_000);
        health.probe(consumer);
        assertThat(health.lag()).isZero();
        assertThat(health.caughtUp()).isTrue();
        assertThat(health.health().ready()).isTrue();
    }

    @Test
    void notLiveWhenTheBrokersStopAnswering() {
        MockConsumer<String, String> consumer = consumer(0);
        health.probe(consumer);
        assertThat(health.health().live()).isTrue();
        MockConsumer<String, String> failing = new MockConsumer<>("earliest") {
            @Override
            public synchronized Map<TopicPartition, Long> endOffsets(
                    Collection<TopicPartition> partitions, Duration timeout) {
                throw new TimeoutException("no answer in 2 s");
            }
        };
        failing.assign(List.of(tp));
        clock.addAndGet(30_000);
        health.probe(failing);
        assertThat(health.live()).as("within 60 s of the last answer").isTrue();
        assertThat(health.health().checks()).containsKey("error");
        clock.addAndGet(31_000);
        health.probe(failing);
        assertThat(health.live()).isFalse();
        assertThat(health.health().ready()).isFalse();
    }

    @Test
    void liveDuringTheGraceBeforeTheFirstAnswer() {
        assertThat(health.live()).isTrue();
        clock.addAndGet(61_000);
        assertThat(health.live()).isFalse();
    }

    private MockConsumer<String, String> consumer(long end) {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(tp));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        consumer.updateEndOffsets(Map.of(tp, end));
        consumer.seekToBeginning(List.of(tp));
        return consumer;
    }
}
