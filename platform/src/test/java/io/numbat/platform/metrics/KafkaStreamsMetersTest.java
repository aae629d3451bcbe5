package io.numbat.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kafka Streams' metrics as meters: Micrometer's names and tags, the groups left out never looked at twice. */
class KafkaStreamsMetersTest {
    private final Metrics kafka = new Metrics();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final KafkaStreamsMeters meters =
            new KafkaStreamsMeters(kafka::metrics, ComponentMetricsLeftOut::test, scheduler, Duration.ofHours(1));

    /** The processor's rule, as ComponentMetrics applies it. */
    private static final class ComponentMetricsLeftOut {
        static boolean test(String meterName) {
            return ComponentMetrics.LEFT_OUT.stream().anyMatch(meterName::startsWith);
        }
    }

    @AfterEach
    void close() {
        meters.close();
        scheduler.shutdownNow();
        kafka.close();
    }

    private MetricName add(String group, String name, Map<String, String> tags, double value) {
        MetricName n = kafka.metricName(name, group, "", tags);
        kafka.addMetric(n, (Measurable) (config, now) -> value);
        return n;
    }

    /** The clients' version as their app-info metric gives it (as every Kafka client registers one). */
    private String version() {
        return "4.4.0-test";
    }

    {
        kafka.addMetric(kafka.metricName("version", "app-info", "", Map.of("client-id", "c")), (Gauge<String>)
                (config, now) -> version());
    }

    @Test
    void keptMetricsGetMicrometersNamesAndTagsAndLeftOutOnesNone() {
        add("stream-thread-metrics", "process-rate", Map.of("thread-id", "t1"), 5);
        add("stream-thread-metrics", "process-total", Map.of("thread-id", "t1"), 7);
        add("stream-state-metrics", "put-rate", Map.of("thread-id", "t1", "task-id", "0_1"), 1);
        add("stream-processor-node-metrics", "process-rate", Map.of("thread-id", "t1", "processor-node-id", "x"), 1);
        meters.bindTo(registry);
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("kafka_stream_thread_process_rate{kafka_version=\"" + version() + "\",thread_id=\"t1\"} 5.0")
                .contains("# TYPE kafka_stream_thread_process_total counter")
                .contains("kafka_stream_thread_process_total{kafka_version=\"" + version() + "\",thread_id=\"t1\"} 7.0")
                .doesNotContain("kafka_stream_state")
                .doesNotContain("kafka_stream_processor_node");
    }

    @Test
    void aTwinWithMoreTagsReplacesTheNarrowerMetricAndGoneMetricsLeave() {
        add("consumer-fetch-manager-metrics", "records-lag-max", Map.of("client-id", "c"), 3);
        meters.bindTo(registry);
        assertThat(registry.scrape()).contains("kafka_consumer_fetch_manager_records_lag_max{client_id=\"c\"");

        MetricName p0 = add(
                "consumer-fetch-manager-metrics",
                "records-lag-max",
                Map.of("client-id", "c", "topic", "numbat.metrics", "partition", "0"),
                11);
        meters.refresh();
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("kafka_consumer_fetch_manager_records_lag_max{client_id=\"c\",kafka_version=\"" + version()
                        + "\",partition=\"0\",topic=\"numbat.metrics\"} 11.0")
                .doesNotContain("records_lag_max{client_id=\"c\",kafka_version=\"" + version() + "\"} 3.0");

        kafka.removeMetric(p0);
        meters.refresh();
        assertThat(registry.scrape()).doesNotContain("records_lag_max");
    }

    @Test
    void aMetricLeftOutIsLookedAtOnceNotAtEveryRefresh() {
        AtomicInteger reads = new AtomicInteger();
        MetricName n = kafka.metricName("put-rate", "stream-state-metrics", "", Map.of("task-id", "0_1"));
        kafka.addMetric(n, (Measurable) (config, now) -> reads.incrementAndGet());
        meters.bindTo(registry);
        int first = reads.get();
        for (int i = 0; i < 5; i++) {
            meters.refresh();
        }
        assertThat(reads.get()).as("not read again after the first refresh").isEqualTo(first);
        assertThat(registry.scrape()).doesNotContain("put_rate");
    }
}
