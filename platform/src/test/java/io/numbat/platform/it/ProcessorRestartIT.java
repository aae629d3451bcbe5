package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.ProcessorSettings;
import io.numbat.processor.StreamProcessorApp;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stream processor loses its local state (a new machine) and restores it from the changelog:
 * an alarm raised before is not raised again, and is cleared exactly once afterwards.
 */
class ProcessorRestartIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private long sequence;

    private void send(KafkaProducer<String, MetricBatch> producer, double ratio) throws Exception {
        MetricBatch b = MetricBatch.newBuilder()
                .setNode("restart-node")
                .setFamily("web")
                .setTimestamp(Instant.now())
                .setSequence(sequence++)
                .setSamples(List.of(new Sample(MetricId.PROCESS_COUNT.id(), ratio * 262_144)))
                .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), 262_144.0)))
                .build();
        producer.send(new ProducerRecord<>(Topics.METRICS.name(), b.getNode(), b))
                .get();
    }

    private static List<Alarm> alarms(TopicReader<String, Alarm> reader, int atLeast) {
        return reader
                .readUntil(
                        seen -> seen.stream()
                                        .filter(r -> r.key().startsWith("restart-node/"))
                                        .count()
                                >= atLeast,
                        Duration.ofSeconds(atLeast == 0 ? 5 : 60))
                .stream()
                .map(ConsumerRecord::value)
                .filter(a -> a.getNode().equals("restart-node"))
                .toList();
    }

    private static void wipe(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void restoredStateRaisesNoAlarmTwice() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        Path state = PLATFORM.dataDir().resolve("restart-streams");
        ProcessorSettings settings = ProcessorSettings.defaults(state);
        try (KafkaProducer<String, MetricBatch> producer = new KafkaProducer<>(
                        cluster.producerConfig("restart-test"),
                        Topics.METRICS.keySerde().serializer(),
                        Topics.METRICS.valueSerde(PLATFORM.registry()).serializer());
                TopicReader<String, Alarm> reader = new TopicReader<>(
                        cluster.bootstrapServers(),
                        Topics.ALARMS.name(),
                        Topics.ALARMS.keySerde().deserializer(),
                        TopicReader.skippingUnreadable(
                                Topics.ALARMS.valueSerde(PLATFORM.registry()).deserializer()))) {
            try (StreamProcessorApp first = new StreamProcessorApp(cluster, PLATFORM.registry(), settings).start()) {
                assertThat(first.awaitRunning(Duration.ofMinutes(2))).isTrue();
                send(producer, 0.9);
                assertThat(alarms(reader, 1)).extracting(Alarm::getState).containsExactly(AlarmState.RAISED);
            }
            wipe(state);
            try (StreamProcessorApp second = new StreamProcessorApp(cluster, PLATFORM.registry(), settings).start()) {
                assertThat(second.awaitRunning(Duration.ofMinutes(2))).isTrue();
                send(producer, 0.91);
                send(producer, 0.9);
                send(producer, 0.5);
                List<Alarm> all = alarms(reader, 2);
                Thread.sleep(2_000);
                all = alarms(reader, 2);
                assertThat(all).extracting(Alarm::getState).containsExactly(AlarmState.RAISED, AlarmState.CLEARED);
            }
        }
    }
}
