package io.numbat.bench;

import io.numbat.agent.fleet.Fault;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.fleet.Target;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.platform.cli.DurationConverter;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End-to-end ingest: a simulated fleet (this process) publishes to the embedded broker (a child
 * process) and the stream processor (another child process) computes trends, forecasts and
 * alarms. Throughput is what the processor committed; latency runs from a sample's timestamp to
 * the moment its alarm is read from {@code numbat.alarms}, for an ETS leak injected into one
 * family mid-run.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Fleet -> broker -> stream processor on this machine; prints processed samples/s, alarm latency, "
                + "state bytes per node, CPU and RSS of each process.")
final class IngestBench implements Callable<Integer> {
    @Mixin
    FleetLoad load;

    @Mixin
    IngestSetup setup;

    @Option(
            names = "--duration",
            defaultValue = "120s",
            converter = DurationConverter.class,
            description =
                    "Measured time, after a warm-up, from one commit of the processor to the first commit after it "
                            + "(default ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        Path dir = BenchDirectory.create();
        try (IngestRig rig = setup.start(dir)) {
            return measure(dir, rig);
        }
    }

    private int measure(Path dir, IngestRig rig) throws Exception {
        ClusterConnection cluster = rig.cluster();
        SchemaRegistryClient registry = rig.registry();
        NumbatProcess processor = rig.processor();
        NumbatProcess platform = rig.platform();
        MetricPublisher publisher = load.publisher(cluster, registry, dir);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AlarmWatcher watcher = new AlarmWatcher(cluster, registry, latencies);
        System.out.printf(
                Locale.ROOT,
                "ingest: %,d nodes x %d metrics every %s = %,.0f samples/s offered, %s%n",
                load.nodes,
                load.metrics,
                load.interval,
                load.offeredPerSecond(),
                setup.guarantee() + (load.spread ? ", publish times spread" : ""));
        SimulatedFleet fleet = load.startFleet(publisher);
        IngestProbe probe = rig.probe();
        Thread.sleep(load.interval.toMillis() * 2 + 10_000);
        // from one commit to another: committed offsets move only at commits (every 30 s at least once)
        Duration commitWait = setup.commitInterval().multipliedBy(3);
        IngestSnapshot start = probe.nextCommit(probe.snapshot(), commitWait);
        Thread.sleep(duration.toMillis() / 4);
        fleet.inject(Fault.ETS_LEAK, Target.family("family-1"), Duration.ofSeconds(60));
        Thread.sleep(duration.toMillis() - duration.toMillis() / 4);
        IngestSnapshot end = probe.nextCommit(probe.snapshot(), commitWait);
        double[] rss = {ProcessStats.rssMb(), processor.rssMb(), platform.rssMb()};
        fleet.close();
        watcher.close();
        publisher.close(Duration.ofSeconds(10));
        long stateBytes = sizeOf(dir.resolve("processor").resolve("streams"));

        IngestWindow window = new IngestWindow(start, end, load.metrics);
        double seconds = window.seconds();
        List<Long> l = new ArrayList<>(latencies);
        Collections.sort(l);
        long p50 = l.isEmpty() ? -1 : l.get(l.size() / 2);
        long p99 = (long) Percentile.of(l, 0.99);
        String[] names = {"fleet (this process)", "stream processor", "broker + registry"};
        double[] cpu = {window.fleetCpu(), window.processorCpu(), window.platformCpu()};
        for (int i = 0; i < 3; i++) {
            System.out.printf(
                    Locale.ROOT,
                    "%-22s CPU %5.1f s (%3.0f%% of one core)  RSS %5.0f MB%n",
                    names[i],
                    cpu[i],
                    100 * cpu[i] / seconds,
                    rss[i]);
        }
        System.out.printf(
                Locale.ROOT,
                "processed %,d batches in %.0f s; lag at the end %,d batches; %d alarm latencies%n",
                window.batches(),
                seconds,
                end.lag(),
                l.size());
        if (!l.isEmpty()) {
            // when they arrived: a tail that lines up with the processor's GC log or a commit points at it
            System.out.printf(
                    Locale.ROOT,
                    "alarms read from %s to %s; latency min %d ms, p90 %d ms, max %d ms%n",
                    Instant.ofEpochMilli(watcher.firstRead()),
                    Instant.ofEpochMilli(watcher.lastRead()),
                    l.get(0),
                    (long) Percentile.of(l, 0.9),
                    l.get(l.size() - 1));
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT ingest samples_per_s=%.0f p50_ms=%d p99_ms=%d state_bytes_per_node=%d brokers=%d "
                        + "processor_cpu_us_per_sample=%.2f e2e_cpu_us_per_sample=%.2f spread=%b%n",
                window.samplesPerSecond(),
                p50,
                p99,
                stateBytes / Math.max(1, load.nodes),
                setup.brokers,
                window.processorCpuUsPerSample(),
                window.e2eCpuUsPerSample(),
                load.spread);
        return 0;
    }

    private static long sizeOf(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    /** Reads new alarms and records, for each raised ets_limit alarm, now minus the sample's timestamp. */
    private static final class AlarmWatcher implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private final AtomicLong firstRead = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong lastRead = new AtomicLong();

        AlarmWatcher(ClusterConnection cluster, SchemaRegistryClient registry, ConcurrentLinkedQueue<Long> latencies) {
            KafkaConsumer<String, Alarm> consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            cluster.bootstrapServers(),
                            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                            "read_committed"),
                    Topics.ALARMS.keySerde().deserializer(),
                    Topics.ALARMS.valueSerde(registry).deserializer());
            List<TopicPartition> parts = consumer.partitionsFor(Topics.ALARMS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            thread = new Thread(
                    () -> {
                        try (consumer) {
                            while (running) {
                                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                                    Alarm a = r.value();
                                    if (a.getType().equals("ets_limit") && a.getState() == AlarmState.RAISED) {
                                        long now = System.currentTimeMillis();
                                        latencies.add(now - a.getTimestamp().toEpochMilli());
                                        firstRead.accumulateAndGet(now, Math::min);
                                        lastRead.accumulateAndGet(now, Math::max);
                                    }
                                });
                            }
                        }
                    },
                    "alarm-watcher");
            thread.start();
        }

        long firstRead() {
            return firstRead.get();
        }

        long lastRead() {
            return lastRead.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }
}
