package io.numbat.processor;

import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.health.Health;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the topology from {@link TopologyFactory} against a cluster until closed. */
public final class StreamProcessorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessorApp.class);

    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);

    public StreamProcessorApp(ClusterConnection cluster, SchemaRegistryClient registry, ProcessorSettings settings) {
        Properties props = TopologyFactory.topologyProperties(settings);
        cluster.commonConfig(settings.applicationId()).forEach(props::put);
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                settings.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replicationFactor());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        streams = new KafkaStreams(TopologyFactory.build(settings, registry), props);
        streams.setStateListener((now, before) -> {
            LOG.info("stream processor {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
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
            if (n.name().equals("records-lag") && n.group().equals("consumer-fetch-manager-metrics")
                    && n.tags().containsKey("partition") && !n.tags().getOrDefault("client-id", "").contains("restore")
                    && m.getValue().metricValue() instanceof Double d && !d.isNaN()) {
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
