package io.numbat.processor;

import io.numbat.processor.deadletter.DeadLetterRecords;
import io.numbat.processor.deadletter.RegistryBackoff;
import io.numbat.processor.state.BoundedRocksDb;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the topology from {@link TopologyFactory} against a cluster until closed. Fails fast: a stream
 * thread that dies (the dead-letter handlers already set aside every record that can be set aside, so
 * what is left is a fault of the processor or of its surroundings) shuts this instance down rather
 * than replacing the thread to fail again on the same record; {@link #failure()} then completes with
 * the cause, so the command exits non-zero and its supervisor restarts it.
 */
public final class StreamProcessorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessorApp.class);

    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final AtomicReference<Throwable> cause = new AtomicReference<>();
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    private final DeadLetterRecords deadLetters;

    public StreamProcessorApp(ClusterConnection cluster, SchemaRegistryClient registry, ProcessorSettings settings) {
        this(cluster, registry, settings, RegistryBackoff.defaults());
    }

    /** As above, waiting for an unreachable schema registry as {@code backoff} says. */
    public StreamProcessorApp(
            ClusterConnection cluster,
            SchemaRegistryClient registry,
            ProcessorSettings settings,
            RegistryBackoff backoff) {
        Properties props = TopologyFactory.topologyProperties(settings, registry);
        deadLetters = (DeadLetterRecords) props.get(DeadLetterRecords.CONFIG);
        cluster.commonConfig(settings.applicationId()).forEach(props::put);
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        props.put(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                settings.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        if (settings.exactlyOnce()) {
            // Kafka Streams lowers the producer's 60 s to 10 s; a processor restarted after a crash with
            // a backlog of 100,000 samples/s kept its transactions open longer while catching up, was
            // fenced, redid the work and never caught up (ProcessorKillIT). The cost of 60 s: a crashed
            // instance whose state directory is gone leaves a transaction that holds read_committed
            // readers back until it times out.
            props.put(StreamsConfig.producerPrefix("transaction.timeout.ms"), 60_000);
            // Nothing a transaction writes is visible before the commit, which flushes the producer: so
            // batches may fill until then. A shorter linger (Kafka Streams' 100 ms) only wakes the
            // producer's sender more often, and each wake-up walks every partition it ever wrote to
            // (about 200 here: outputs, repartition topics, changelogs); the profile put that walk at a
            // quarter of the processor's CPU under exactly once.
            long linger = Math.min(settings.commitInterval().toMillis(), 5_000);
            props.put(StreamsConfig.producerPrefix("linger.ms"), (int) linger);
            props.put(StreamsConfig.producerPrefix("batch.size"), 64 * 1024);
            props.put(StreamsConfig.producerPrefix("buffer.memory"), 64L * 1024 * 1024);
        }
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replicationFactor());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                settings.commitInterval().toMillis());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        // snappy, not lz4: Kafka's lz4 makes a 64 KB block and a 64 KB output buffer for every producer batch, a
        // quarter of the processor's allocations at 100,000 samples/s (JFR); snappy-java reuses its buffers
        props.put(StreamsConfig.producerPrefix("compression.type"), "snappy");
        // no transactional state stores here: without this, every pass of the stream thread's loop added up the
        // uncommitted bytes of all tasks, building a map of them (a fifth of the processor's allocations, JFR)
        props.put(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, -1L);
        streams = new KafkaStreams(TopologyFactory.build(settings, registry, backoff), props);
        streams.setStateListener((now, before) -> {
            LOG.info("stream processor {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            if (now == KafkaStreams.State.ERROR) {
                Throwable c = cause.get();
                failure.complete(c != null ? c : new IllegalStateException("Kafka Streams reached ERROR"));
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error(
                    "stream thread failed; shutting the stream processor down (it does not retry the same record "
                            + "in a new thread)",
                    e);
            cause.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    /** One line for an operator: what failed, then each cause's message that does not repeat one before it. */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder("stream processor failed: ")
                .append(
                        failure.getMessage() != null
                                ? failure.getMessage()
                                : failure.getClass().getSimpleName());
        for (Throwable c = failure.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null
                    && !c.getMessage().isBlank()
                    && !text.toString().contains(c.getMessage())) {
                text.append(": ").append(c.getMessage());
            }
        }
        return text.toString().replaceAll("\\s+", " ").strip();
    }

    /** Completes with the cause once the Streams instance has failed (reached ERROR); never completes otherwise. */
    public CompletableFuture<Throwable> failure() {
        return failure;
    }

    /** What the exception handlers dead-lettered and dropped since start. */
    public DeadLetterRecords deadLetters() {
        return deadLetters;
    }

    public StreamProcessorApp start() {
        streams.start();
        return this;
    }

    /** Waits until the application is RUNNING (tasks assigned and restored). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The Kafka Streams instance, for its metrics (read them only). */
    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Ready when RUNNING (tasks assigned and restored); live unless failed or shut down
     * (ERROR, PENDING_ERROR, PENDING_SHUTDOWN, NOT_RUNNING). The lag is the main consumer's
     * {@code records-lag} summed over its partitions.
     */
    public Health health() {
        KafkaStreams.State state = streams.state();
        boolean live = switch (state) {
            case CREATED, REBALANCING, RUNNING -> true;
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> false;
        };
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("streams", state.name());
        checks.put("lag", lag());
        return new Health(live, state == KafkaStreams.State.RUNNING, checks);
    }

    private long lag() {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
            MetricName n = m.getKey();
            if (n.name().equals("records-lag")
                    && n.group().equals("consumer-fetch-manager-metrics")
                    && n.tags().containsKey("partition")
                    && !n.tags().getOrDefault("client-id", "").contains("restore")
                    && m.getValue().metricValue() instanceof Double d
                    && !d.isNaN()) {
                sum += d;
            }
        }
        return (long) sum;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
    }
}
