package io.numbat.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.health.Health;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.ClusterConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher's health without a broker: nothing acknowledged means not ready, and not live once stale. */
class PublisherHealthTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    void liveAtFirstNotReadyUntilKafkaAcknowledgesAndNotLiveWhenItNeverDoes(@TempDir Path spool) {
        try (MetricPublisher publisher = new MetricPublisher(
                new ClusterConnection("127.0.0.1:1", "http://127.0.0.1:1"),
                new InMemorySchemaRegistry(),
                "agent@test",
                SpoolSettings.defaults(spool),
                Duration.ofHours(1),
                clock)) {
            Health starting = publisher.publisherHealth(Duration.ofSeconds(60));
            assertThat(starting.live()).isTrue();
            assertThat(starting.ready()).isFalse();
            assertThat(starting.checks())
                    .containsEntry("kafka", "no batch acknowledged yet")
                    .containsKey("lag");
            now.addAndGet(61_000);
            Health stale = publisher.publisherHealth(Duration.ofSeconds(60));
            assertThat(stale.live()).isFalse();
            assertThat(stale.httpStatus(Health.Probe.LIVE)).isEqualTo(503);
        }
    }
}
