package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two stream-processor processes share the partitions (same application id, exactly-once, one
 * standby replica); one is killed with SIGKILL. The survivor takes its tasks over with their state:
 * alarms raised before the kill are not raised again, and each is cleared exactly once.
 */
class ProcessorScaleOutIT {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorScaleOutIT.class);
    private static final int NODES = 24;

    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private long sequence;

    private void sendAll(KafkaProducer<String, MetricBatch> producer, double ratio) throws Exception {
        for (int i = 0; i < NODES; i++) {
            MetricBatch b = MetricBatch.newBuilder()
                    .setNode("scale-" + i)
                    .setFamily("web")
                    .setTimestamp(Instant.now())
                    .setSequence(sequence++)
                    .setSamples(List.of(new Sample(MetricId.PROCESS_COUNT.id(), ratio * 262_144)))
                    .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), 262_144.0)))
                    .build();
            producer.send(new ProducerRecord<>(Topics.METRICS.name(), b.getNode(), b));
        }
        producer.flush();
    }

    private static long count(List<ConsumerRecord<String, Alarm>> seen, AlarmState state) {
        return seen.stream()
                .filter(r ->
                        r.value().getNode().startsWith("scale-") && r.value().getState() == state)
                .count();
    }

    @Test
    void theSurvivorTakesOverWithoutRaisingOrClearingTwice() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        Path dir = PLATFORM.dataDir();
        Path clientConfig = Files.writeString(
                dir.resolve("scale-client.properties"), "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n");
        String[] common = {
            "--bootstrap-servers",
            cluster.bootstrapServers(),
            "--schema-registry",
            cluster.schemaRegistryUrl(),
            "--kafka-config",
            clientConfig.toString(),
            "--application-id",
            "numbat-scale-it",
            "--exactly-once",
            "--standby-replicas",
            "1"
        };
        try (ChildNumbat a = ChildNumbat.start(dir.resolve("processor-a.log"), args(common, dir.resolve("state-a")));
                ChildNumbat b =
                        ChildNumbat.start(dir.resolve("processor-b.log"), args(common, dir.resolve("state-b")));
                KafkaProducer<String, MetricBatch> producer = new KafkaProducer<>(
                        cluster.producerConfig("scale-test"),
                        Topics.METRICS.keySerde().serializer(),
                        Topics.METRICS.valueSerde(PLATFORM.registry()).serializer());
                TopicReader<String, Alarm> reader = new TopicReader<>(
                        cluster.bootstrapServers(),
                        Topics.ALARMS.name(),
                        Topics.ALARMS.keySerde().deserializer(),
                        TopicReader.skippingUnreadable(
                                Topics.ALARMS.valueSerde(PLATFORM.registry()).deserializer()),
                        true)) {
            sendAll(producer, 0.9);
            assertThat(count(
                            reader.readUntil(seen -> count(seen, AlarmState.RAISED) >= NODES, Duration.ofMinutes(2)),
                            AlarmState.RAISED))
                    .as("process_limit raised on every node")
                    .isEqualTo(NODES);

            long killed = System.nanoTime();
            a.kill();
            sendAll(producer, 0.91);
            sendAll(producer, 0.5);
            List<ConsumerRecord<String, Alarm>> seen =
                    reader.readUntil(s -> count(s, AlarmState.CLEARED) >= NODES, Duration.ofMinutes(3));
            LOG.info(
                    "processor take-over: every alarm cleared {} s after the kill",
                    String.format("%.1f", (System.nanoTime() - killed) / 1e9));
            Thread.sleep(3_000);
            seen = reader.readUntil(s -> false, Duration.ofSeconds(2));

            Map<String, List<AlarmState>> perNode = seen.stream()
                    .map(ConsumerRecord::value)
                    .filter(x -> x.getNode().startsWith("scale-"))
                    .collect(Collectors.groupingBy(
                            Alarm::getNode, Collectors.mapping(Alarm::getState, Collectors.toList())));
            assertThat(perNode)
                    .hasSize(NODES)
                    .allSatisfy((node, states) ->
                            assertThat(states).as(node).containsExactly(AlarmState.RAISED, AlarmState.CLEARED));
        }
    }

    private static String[] args(String[] common, Path state) {
        String[] out = new String[common.length + 3];
        out[0] = "processor";
        System.arraycopy(common, 0, out, 1, common.length);
        out[common.length + 1] = "--state-dir";
        out[common.length + 2] = state.toString();
        return out;
    }
}
