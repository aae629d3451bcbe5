package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangString;
import io.numbat.agent.erlang.Cookie;
import io.numbat.agent.erlang.ErlangAgent;
import io.numbat.agent.erlang.ErlangSettings;
import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.NodeEventPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.platform.EmbeddedPlatform;
import io.numbat.platform.registry.ApicurioHome;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.TopicSetup;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The agent's wiring end to end: a real erl node, the real embedded broker and registry, both topics. */
class ErlangAgentIT {
    @Test
    void aRealNodesMetricsAndLifecycleReachTheirTopics() throws Exception {
        Optional<String> why = LocalErlangNode.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        Path dataDir = Files.createTempDirectory("numbat-erlang-agent-");
        String secret = UUID.randomUUID().toString();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dataDir, 0, 0, ApicurioHome.locate());
                LocalErlangNode node = LocalErlangNode.start("agent_it", secret)) {
            ClusterConnection cluster = platform.connection();
            SchemaRegistryClient registry = new RestSchemaRegistryClient(cluster.schemaRegistryUrl());
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                new TopicSetup(admin, registry, Optional.of((short) 1)).ensure(Topics.all());
            }
            try (MetricPublisher metrics = new MetricPublisher(
                            cluster,
                            registry,
                            "agent@it",
                            SpoolSettings.defaults(dataDir.resolve("spool")),
                            Duration.ofSeconds(5),
                            Clock.systemUTC());
                    NodeEventPublisher events = new NodeEventPublisher(cluster, registry, "agent@it");
                    ErlangAgent agent = new ErlangAgent(
                            List.of(node.name()),
                            "beam",
                            Cookie.of(secret),
                            ErlangSettings.defaults(Duration.ofSeconds(1)),
                            metrics,
                            events);
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
                        seen -> seen.stream()
                                        .filter(r -> r.key().equals(node.name()))
                                        .count()
                                >= 2,
                        Duration.ofSeconds(30));
                MetricBatch batch = b.stream()
                        .filter(r -> r.key().equals(node.name()))
                        .reduce((x, y) -> y)
                        .orElseThrow()
                        .value();
                assertThat(batch.getFamily()).isEqualTo("beam");
                assertThat(batch.getSamples())
                        .extracting(s -> s.getMetric())
                        .contains(
                                MetricId.PROCESS_COUNT.id(),
                                MetricId.MEMORY_ETS.id(),
                                MetricId.SCHEDULER_UTILISATION.id(),
                                MetricId.MAX_MESSAGE_QUEUE.id());
                assertThat(batch.getLimits()).extracting(s -> s.getMetric()).contains(MetricId.PROCESS_COUNT.id());

                // an error logged on the node reaches numbat.node-events as a LOG event (issue 16, item 3)
                node.call(
                        "logger",
                        "error",
                        new OtpErlangString("agent_it: payment ~p failed"),
                        new OtpErlangList(new OtpErlangLong(42)));
                NodeEvent log = lifecycle
                        .readUntil(
                                seen -> seen.stream().anyMatch(r -> r.value().getType() == NodeEventType.LOG),
                                Duration.ofSeconds(30))
                        .stream()
                        .map(ConsumerRecord::value)
                        .filter(v -> v.getType() == NodeEventType.LOG)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no LOG event on numbat.node-events"));
                assertThat(log.getNode()).isEqualTo(node.name());
                assertThat(log.getLevel()).isEqualTo("error");
                assertThat(log.getMessage()).isEqualTo("agent_it: payment 42 failed");
                assertThat(log.getMetadata()).containsKey("pid");

                node.kill();
                List<ConsumerRecord<String, NodeEvent>> e = lifecycle.readUntil(
                        seen -> seen.stream().anyMatch(r -> r.value().getType() == NodeEventType.DOWN),
                        Duration.ofSeconds(30));
                List<NodeEventType> types = e.stream()
                        .filter(r -> r.key().equals(node.name()))
                        .map(r -> r.value().getType())
                        .toList();
                assertThat(types).containsSubsequence(NodeEventType.UP, NodeEventType.HEARTBEAT, NodeEventType.DOWN);
                NodeEvent up = e.get(types.indexOf(NodeEventType.UP)).value();
                assertThat(up.getOtpRelease()).isNotBlank();
                assertThat(up.getLimits()).isNotEmpty();
                assertThat(e.toString()).doesNotContain(secret);
            }
        }
    }
}
