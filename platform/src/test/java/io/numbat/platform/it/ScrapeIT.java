package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.platform.EmbeddedPlatform;
import io.numbat.platform.registry.ApicurioHome;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import io.numbat.schemas.Sample;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Nodes that report themselves, end to end: a real {@code erl} node serves its metrics in prometheus.erl's naming
 * with OTP's own httpd (numbat_prom_it.erl), {@code numbat scrape} runs in its own JVM against the real embedded
 * broker and registry, and MetricBatch records with the catalogue's ids and the node's own limits arrive on
 * {@code numbat.metrics}, with UP on {@code numbat.node-events}; an unreachable target next to it gets DOWN and the
 * good one goes on; the node killed, it gets DOWN.
 */
class ScrapeIT {
    private static final String NODE = "shop_prom@scraped";
    private static final String AWAY = "away@scraped";

    @Test
    void aScrapedPrometheusEndpointBecomesMetricBatchesWithTheRightIdsAndLimits() throws Exception {
        Optional<String> why = LocalErlangNode.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        Path dir = Files.createTempDirectory("numbat-scrape-it-");
        Path ebin = compileHandler(dir);
        String secret = UUID.randomUUID().toString();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dir.resolve("platform"), 0, 0, ApicurioHome.locate());
                LocalErlangNode node = LocalErlangNode.start("prom_it", secret, "-pa", ebin.toString())) {
            OtpErlangTuple started = (OtpErlangTuple) node.call("numbat_prom_it", "start");
            String server = started.elementAt(1).toString();
            int port = ((OtpErlangLong) started.elementAt(2)).intValue();
            System.out.println("ScrapeIT: " + node.name() + " serves /metrics on port " + port + " with " + server);
            Path config = Files.writeString(dir.resolve("scrape.yaml"), """
                    targets:
                      - url: http://127.0.0.1:%d/metrics
                        node: %s
                        family: shop
                        interval: 1s
                      - url: http://127.0.0.1:%d/metrics
                        node: %s
                    """.formatted(port, NODE, closedPort, AWAY));
            ClusterConnection cluster = platform.connection();
            SchemaRegistryClient registry = new RestSchemaRegistryClient(cluster.schemaRegistryUrl());
            try (ChildNumbat scrape = ChildNumbat.start(
                            dir.resolve("scrape.log"),
                            "scrape",
                            "--config",
                            config.toString(),
                            "--bootstrap-servers",
                            cluster.bootstrapServers(),
                            "--schema-registry",
                            cluster.schemaRegistryUrl(),
                            "--data-dir",
                            dir.resolve("data").toString());
                    TopicReader<String, MetricBatch> batches = new TopicReader<>(
                            cluster.bootstrapServers(),
                            Topics.METRICS.name(),
                            Topics.METRICS.keySerde().deserializer(),
                            Topics.METRICS.valueSerde(registry).deserializer());
                    TopicReader<String, NodeEvent> lifecycle = new TopicReader<>(
                            cluster.bootstrapServers(),
                            Topics.NODE_EVENTS.name(),
                            Topics.NODE_EVENTS.keySerde().deserializer(),
                            Topics.NODE_EVENTS.valueSerde(registry).deserializer())) {
                List<ConsumerRecord<String, MetricBatch>> b = batches.readUntil(
                        seen -> seen.stream().filter(r -> r.key().equals(NODE)).count() >= 3, Duration.ofSeconds(60));
                List<MetricBatch> ours = b.stream()
                        .filter(r -> r.key().equals(NODE))
                        .map(ConsumerRecord::value)
                        .toList();
                assertThat(ours).hasSizeGreaterThanOrEqualTo(3);
                MetricBatch batch = ours.get(ours.size() - 1);
                assertThat(batch.getFamily()).isEqualTo("shop");
                assertThat(ours).extracting(MetricBatch::getSequence).startsWith(0L, 1L, 2L);
                Map<Integer, Double> samples = byId(batch.getSamples());
                assertThat(samples)
                        .containsKeys(
                                MetricId.MEMORY_TOTAL.id(),
                                MetricId.MEMORY_PROCESSES.id(),
                                MetricId.MEMORY_PROCESSES_USED.id(),
                                MetricId.MEMORY_SYSTEM.id(),
                                MetricId.MEMORY_ATOM.id(),
                                MetricId.MEMORY_ATOM_USED.id(),
                                MetricId.MEMORY_BINARY.id(),
                                MetricId.MEMORY_CODE.id(),
                                MetricId.MEMORY_ETS.id(),
                                MetricId.PROCESS_COUNT.id(),
                                MetricId.PORT_COUNT.id(),
                                MetricId.ATOM_COUNT.id(),
                                MetricId.ETS_COUNT.id(),
                                MetricId.RUN_QUEUE.id(),
                                MetricId.REDUCTIONS.id(),
                                MetricId.CONTEXT_SWITCHES.id(),
                                MetricId.GC_COUNT.id(),
                                MetricId.GC_WORDS_RECLAIMED.id(),
                                MetricId.IO_INPUT_BYTES.id(),
                                MetricId.IO_OUTPUT_BYTES.id(),
                                MetricId.UPTIME.id());
                assertThat(samples.get(MetricId.PROCESS_COUNT.id())).isGreaterThan(10);
                assertThat(samples.get(MetricId.MEMORY_TOTAL.id()))
                        .isEqualTo(
                                samples.get(MetricId.MEMORY_PROCESSES.id()) + samples.get(MetricId.MEMORY_SYSTEM.id()));
                assertThat(byId(batch.getLimits()))
                        .containsExactlyInAnyOrderEntriesOf(Map.of(
                                MetricId.PROCESS_COUNT.id(), systemInfo(node, "process_limit"),
                                MetricId.PORT_COUNT.id(), systemInfo(node, "port_limit"),
                                MetricId.ATOM_COUNT.id(), systemInfo(node, "atom_limit"),
                                MetricId.ETS_COUNT.id(), systemInfo(node, "ets_limit")));
                assertThat(b).noneMatch(r -> r.key().equals(AWAY));

                List<ConsumerRecord<String, NodeEvent>> e = lifecycle.readUntil(
                        seen -> seen.stream()
                                        .anyMatch(r -> r.key().equals(NODE)
                                                && r.value().getType() == NodeEventType.HEARTBEAT)
                                && seen.stream().anyMatch(r -> r.key().equals(AWAY)),
                        Duration.ofSeconds(30));
                NodeEvent up = e.stream()
                        .filter(r -> r.key().equals(NODE) && r.value().getType() == NodeEventType.UP)
                        .findFirst()
                        .orElseThrow()
                        .value();
                assertThat(up.getLimits()).hasSize(4);
                assertThat(e.stream().filter(r -> r.key().equals(AWAY)).map(r -> r.value()))
                        .first()
                        .satisfies(d -> {
                            assertThat(d.getType()).isEqualTo(NodeEventType.DOWN);
                            assertThat(d.getReason()).contains("cannot connect");
                        });

                node.kill();
                List<ConsumerRecord<String, NodeEvent>> afterKill = lifecycle.readUntil(
                        seen -> seen.stream()
                                .anyMatch(r -> r.key().equals(NODE) && r.value().getType() == NodeEventType.DOWN),
                        Duration.ofSeconds(30));
                assertThat(afterKill.stream()
                                .filter(r -> r.key().equals(NODE))
                                .map(r -> r.value().getType())
                                .toList())
                        .containsSubsequence(NodeEventType.UP, NodeEventType.HEARTBEAT, NodeEventType.DOWN);
            }
            String log = Files.readString(dir.resolve("scrape.log"));
            System.out.println("ScrapeIT: numbat scrape's log lines about " + AWAY + ":");
            log.lines().filter(l -> l.contains(AWAY)).forEach(l -> System.out.println("  " + l));
            assertThat(log.lines().filter(l -> l.contains(AWAY + ": down"))).hasSize(1);
        }
    }

    private static Map<Integer, Double> byId(List<Sample> samples) {
        return samples.stream().collect(Collectors.toMap(Sample::getMetric, Sample::getValue));
    }

    private static double systemInfo(LocalErlangNode node, String item) throws Exception {
        OtpErlangObject v = node.call("erlang", "system_info", new com.ericsson.otp.erlang.OtpErlangAtom(item));
        return ((OtpErlangLong) v).longValue();
    }

    /** Compiles the handler module with erlc into {@code dir/ebin}. */
    private static Path compileHandler(Path dir) throws Exception {
        Path src = dir.resolve("numbat_prom_it.erl");
        try (InputStream in = ScrapeIT.class.getResourceAsStream("numbat_prom_it.erl")) {
            Files.write(src, in.readAllBytes());
        }
        Path ebin = Files.createDirectories(dir.resolve("ebin"));
        Process erlc = new ProcessBuilder("erlc", "-o", ebin.toString(), src.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(erlc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(erlc.waitFor()).as("erlc: " + out).isZero();
        return ebin;
    }
}
