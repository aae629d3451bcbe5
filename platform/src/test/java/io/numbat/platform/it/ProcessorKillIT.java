package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.platform.cli.FleetFamilies;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code numbat processor --exactly-once} in a child JVM is killed with SIGKILL twice under load
 * and started again: first on its own data directory, then on an emptied one (its state comes back
 * from the changelogs). Twenty test nodes each raise a process_limit alarm (90 % of the limit) and
 * clear it 20 s later (50 %), one node every 3 s, so that raises and clears fall before, between
 * and after the kills. Once the processor has committed all it was sent, {@code numbat.alarms}
 * (read committed) holds exactly one RAISED followed by exactly one CLEARED for each of them, and
 * no alarm record of a test node twice.
 *
 * <p>The background load is a simulated fleet in this JVM publishing through the agent's
 * publisher: 2,000 nodes × 100 metrics every 10 s (20,000 samples/s), not the 100,000 samples/s
 * of issue 13, because the processor here runs with the child JVMs' 384 MB heap on a shared 2-core
 * machine and must still catch up after each kill within the test's few minutes (about 60 s after
 * the last restart on a loaded machine). {@code -Dnumbat.kill-it.nodes=10000} offers 100,000
 * samples/s. On the loaded 2-core machine that passed once (189 s) and failed once with the
 * processor's defaults: after the last restart, catching up (with a full GC every second or so in
 * its 384 MB heap at this load), the processor kept transactions open longer than Kafka Streams'
 * 10 s exactly-once transaction timeout, was fenced ({@code InvalidProducerEpochException} in
 * processor.log), rejoined and redid the work, 8 times, and had not caught up after 3 minutes. With
 * {@code transaction.timeout.ms=60000} in its {@code --kafka-config} it passed (180 s, never fenced).
 *
 * <p>{@code -Dnumbat.kill-it.at-least-once=true} runs the processor at least once with its default
 * 30 s commit interval instead, and the test fails: in one run, 24 alarm records of the test nodes
 * (the raises and clears of the 30 s before each kill) were published a second time after the
 * restarts.
 */
class ProcessorKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorKillIT.class);

    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final int FLEET_NODES = Integer.getInteger("numbat.kill-it.nodes", 2_000);
    private static final boolean AT_LEAST_ONCE = Boolean.getBoolean("numbat.kill-it.at-least-once");
    private static final String APPLICATION_ID = "numbat-kill-it";
    private static final String TEST_FAMILY = "kill-test";
    private static final int TEST_NODES = 20;
    private static final double LIMIT = 262_144;
    /** Test node i raises at tick FIRST_RAISE + i × SPACING and clears HOLD ticks later; a tick a second. */
    private static final int FIRST_RAISE = 5;

    private static final int SPACING = 3;
    private static final int HOLD = 20;
    private static final int FIRST_KILL = 30;
    private static final int SECOND_KILL = 60;
    private static final int LAST_TICK = FIRST_RAISE + (TEST_NODES - 1) * SPACING + HOLD + 5;

    @Test
    void everyAlarmIsRaisedAndClearedExactlyOnceAcrossKillsUnderLoad() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        Path dir = Files.createDirectories(PLATFORM.dataDir().resolve("kill-it"));
        Path dataDir = dir.resolve("processor");
        Path clientConfig = Files.writeString(
                dir.resolve("client.properties"), "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n");
        List<String> args = new ArrayList<>(List.of(
                "processor",
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--schema-registry",
                cluster.schemaRegistryUrl(),
                "--kafka-config",
                clientConfig.toString(),
                "--application-id",
                APPLICATION_ID,
                "--data-dir",
                dataDir.toString()));
        if (!AT_LEAST_ONCE) {
            args.add("--exactly-once");
        }
        String[] processorArgs = args.toArray(String[]::new);
        Path log = dir.resolve("processor.log");

        MetricPublisher publisher = new MetricPublisher(
                cluster,
                PLATFORM.registry(),
                "kill-it-agent@test",
                SpoolSettings.defaults(dir.resolve("spool")),
                Duration.ofSeconds(10),
                Clock.systemUTC());
        SimulatedFleet fleet = null;
        boolean loadStopped = false;
        List<ChildNumbat> processors = new ArrayList<>();
        try (KafkaProducer<String, MetricBatch> producer = new KafkaProducer<>(
                        cluster.producerConfig("kill-it-nodes"),
                        Topics.METRICS.keySerde().serializer(),
                        Topics.METRICS.valueSerde(PLATFORM.registry()).serializer());
                TopicReader<String, Alarm> reader = new TopicReader<>(
                        cluster.bootstrapServers(),
                        Topics.ALARMS.name(),
                        Topics.ALARMS.keySerde().deserializer(),
                        TopicReader.skippingUnreadable(
                                Topics.ALARMS.valueSerde(PLATFORM.registry()).deserializer()),
                        true);
                TestNodes nodes = new TestNodes(producer)) {
            processors.add(ChildNumbat.start(log, processorArgs));
            LOG.info("processor {} ready at tick {}", processors.size(), nodes.tick());
            fleet = new SimulatedFleet(
                            FleetFamilies.of(FLEET_NODES, 10),
                            publisher,
                            Duration.ofSeconds(10),
                            1,
                            Clock.systemUTC(),
                            100)
                    .start(100);
            nodes.start();

            nodes.awaitTick(FIRST_KILL);
            long before = awaitTestAlarms(reader, 2);
            processors.get(0).kill();
            LOG.info("processor {} killed at tick {}", processors.size(), nodes.tick());
            processors.add(ChildNumbat.start(log, processorArgs));
            LOG.info("processor {} ready at tick {}", processors.size(), nodes.tick());

            nodes.awaitTick(SECOND_KILL);
            awaitTestAlarms(reader, before + 1);
            processors.get(1).kill();
            LOG.info("processor {} killed at tick {}", processors.size(), nodes.tick());
            wipe(dataDir);
            processors.add(ChildNumbat.start(log, processorArgs));
            LOG.info("processor {} ready at tick {}", processors.size(), nodes.tick());

            nodes.awaitTick(LAST_TICK);
            assertThat(nodes.failure()).as("sending the test nodes' batches").isNull();
            fleet.close();
            publisher.close(Duration.ofSeconds(30));
            loadStopped = true;
            long stopped = System.nanoTime();
            awaitCommitted(endOffsets(Topics.METRICS.name()), Duration.ofMinutes(3));

            LOG.info("processor caught up {} s after the load stopped", (System.nanoTime() - stopped) / 1_000_000_000);
            List<Alarm> alarms = reader.readToEnd(Duration.ofSeconds(60)).stream()
                    .map(ConsumerRecord::value)
                    .filter(a -> a.getNode() != null && a.getNode().startsWith(TestNodes.PREFIX))
                    .toList();
            Map<String, List<AlarmState>> limitAlarms = alarms.stream()
                    .filter(a -> a.getType().equals("process_limit"))
                    .collect(Collectors.groupingBy(
                            Alarm::getId, Collectors.mapping(Alarm::getState, Collectors.toList())));
            List<String> twice = alarms.stream()
                    .collect(Collectors.groupingBy(ProcessorKillIT::identity, Collectors.counting()))
                    .entrySet()
                    .stream()
                    .filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            System.out.printf(
                    "RESULT processor-kill-9 fleet_nodes=%d offered_samples_per_s=%d guarantee=%s "
                            + "test_alarm_records=%d process_limit_ids=%d records_published_twice=%d fleet_samples=%d%n",
                    FLEET_NODES,
                    FLEET_NODES * 10,
                    AT_LEAST_ONCE ? "at_least_once" : "exactly_once_v2",
                    alarms.size(),
                    limitAlarms.size(),
                    twice.size(),
                    fleet.samplesPublished());

            assertThat(twice)
                    .as("alarm records of test nodes published more than once")
                    .isEmpty();
            assertThat(limitAlarms)
                    .as("process_limit alarms of the test nodes")
                    .hasSize(TEST_NODES)
                    .allSatisfy((id, states) ->
                            assertThat(states).as(id).containsExactly(AlarmState.RAISED, AlarmState.CLEARED));
        } finally {
            if (!loadStopped) {
                if (fleet != null) {
                    fleet.close();
                }
                publisher.close(Duration.ofSeconds(5));
            }
            for (ChildNumbat p : processors) {
                p.close();
            }
        }
    }

    /** What a reprocessed batch would publish again, identically: id, state, severity and the batch's timestamp. */
    private static String identity(Alarm a) {
        return a.getId() + " " + a.getState() + " " + a.getSeverity() + " " + a.getTimestamp();
    }

    /** Waits until at least {@code atLeast} alarm records of test nodes are readable; returns how many are. */
    private static long awaitTestAlarms(TopicReader<String, Alarm> reader, long atLeast) {
        Function<List<ConsumerRecord<String, Alarm>>, Long> count = seen ->
                seen.stream().filter(r -> r.key().startsWith(TestNodes.PREFIX)).count();
        long seen = count.apply(reader.readUntil(s -> count.apply(s) >= atLeast, Duration.ofMinutes(2)));
        assertThat(seen)
                .as("alarm records of test nodes published before the kill")
                .isGreaterThanOrEqualTo(atLeast);
        return seen;
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .collect(Collectors.toMap(
                                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    /** Waits until the processor has committed up to {@code end} on every partition: all it was sent is processed. */
    private static void awaitCommitted(Map<TopicPartition, Long> end, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                List<TopicPartition> behind = end.entrySet().stream()
                        .filter(e -> e.getValue() > 0)
                        .filter(e -> committed.get(e.getKey()) == null
                                || committed.get(e.getKey()).offset() < e.getValue())
                        .map(Map.Entry::getKey)
                        .toList();
                if (behind.isEmpty()) {
                    return;
                }
                assertThat(System.nanoTime())
                        .as("processor committed %s on %s within %s", end, behind, timeout)
                        .isLessThan(deadline);
                Thread.sleep(500);
            }
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PLATFORM.bootstrap()));
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

    /** The test nodes: a batch from each every second, by a script of ticks (not of wall time). */
    private static final class TestNodes implements AutoCloseable {
        static final String PREFIX = "kill-node-";
        private final KafkaProducer<String, MetricBatch> producer;
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger tick = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private long sequence;

        TestNodes(KafkaProducer<String, MetricBatch> producer) {
            this.producer = producer;
        }

        /** Node i's process count over its limit at tick t: none before its raise, 90-91 % until its clear, then 50 %. */
        static OptionalDouble ratio(int node, int t) {
            int raise = FIRST_RAISE + node * SPACING;
            if (t < raise) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(t < raise + HOLD ? (t % 2 == 0 ? 0.90 : 0.91) : 0.50);
        }

        void start() {
            ticker.scheduleAtFixedRate(this::sendTick, 0, 1, TimeUnit.SECONDS);
        }

        private void sendTick() {
            int t = tick.get();
            if (t > LAST_TICK) {
                return;
            }
            try {
                Instant now = Instant.now();
                for (int i = 0; i < TEST_NODES; i++) {
                    OptionalDouble r = ratio(i, t);
                    if (r.isPresent()) {
                        MetricBatch b = MetricBatch.newBuilder()
                                .setNode(PREFIX + i)
                                .setFamily(TEST_FAMILY)
                                .setTimestamp(now)
                                .setSequence(sequence++)
                                .setSamples(List.of(new Sample(MetricId.PROCESS_COUNT.id(), r.getAsDouble() * LIMIT)))
                                .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), LIMIT)))
                                .build();
                        producer.send(new ProducerRecord<>(Topics.METRICS.name(), b.getNode(), b), (m, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                    }
                }
                producer.flush();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
            tick.incrementAndGet();
        }

        /** Waits until tick {@code t} has been sent (ticks are a second apart, later on a busy machine). */
        void awaitTick(int t) throws InterruptedException {
            while (tick.get() <= t) {
                Thread.sleep(100);
            }
        }

        int tick() {
            return tick.get();
        }

        Throwable failure() {
            return failure.get();
        }

        @Override
        public void close() throws InterruptedException {
            ticker.shutdownNow();
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
