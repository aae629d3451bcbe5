package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.numbat.platform.EmbeddedPlatform;
import io.numbat.platform.access.AccessErrors;
import io.numbat.platform.alerts.AlarmForwarding;
import io.numbat.platform.kafka.FreePorts;
import io.numbat.platform.logging.SecretScan;
import io.numbat.platform.metrics.ActiveAlarms;
import io.numbat.platform.metrics.ComponentMetrics;
import io.numbat.platform.registry.ApicurioHome;
import io.numbat.platform.security.CertificateAuthority;
import io.numbat.platform.security.PlatformSecurity;
import io.numbat.processor.ProcessorSettings;
import io.numbat.processor.StreamProcessorApp;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.TopicSetup;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code numbat platform --security sasl_ssl} for real: a broker that takes only TLS with SCRAM
 * logins, the standard authorizer, and each component's user limited to what it needs. No password of the
 * run appears in any log line (this JVM's or the registry's).
 */
class SecuredPlatformIT {
    private static Path dir;
    private static EmbeddedPlatform platform;
    private static PlatformSecurity security;
    private static SchemaRegistryClient registry;
    private static SecretScan logs;

    @BeforeAll
    static void start() throws Exception {
        logs = SecretScan.start();
        dir = Files.createTempDirectory("numbat-secured-");
        platform = EmbeddedPlatform.start(dir, 0, 0, ApicurioHome.locate(), 1, true);
        security = platform.security().orElseThrow();
        registry = new RestSchemaRegistryClient(platform.connection().schemaRegistryUrl());
        try (Admin admin = Admin.create(platform.connection().commonConfig("secured-it-setup"))) {
            new TopicSetup(admin, registry, Optional.of((short) 1)).ensure(Topics.all());
        }
    }

    /** After every test: neither this JVM's log (broker, processor, clients) nor the registry's has a password. */
    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        try (SecretScan scan = logs) {
            if (security != null) {
                assertThat(scan.logged()).as("log lines were scanned").isNotBlank();
                scan.assertNoSecret(SecretScan.of(security), dir);
            }
        }
    }

    private static ClusterConnection as(String component) {
        return platform.as(security.clientConfig(PlatformSecurity.USER_PREFIX + component));
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> config) {
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static byte[] batch(String node, double processes) {
        MetricBatch b = MetricBatch.newBuilder()
                .setNode(node)
                .setFamily("web")
                .setTimestamp(Instant.now())
                .setSequence(1)
                .setSamples(List.of(new Sample(MetricId.PROCESS_COUNT.id(), processes)))
                .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), 262_144.0)))
                .build();
        return Topics.METRICS.valueSerde(registry).serializer().serialize(Topics.METRICS.name(), b);
    }

    @Test
    void theAgentWritesMetricsButNotAlarms() throws Exception {
        try (KafkaProducer<String, byte[]> agent = producer(as("agent").producerConfig("secured-agent"))) {
            agent.send(new ProducerRecord<>(Topics.METRICS.name(), "a", batch("a", 1)))
                    .get();
            assertThatThrownBy(() -> agent.send(new ProducerRecord<>(Topics.ALARMS.name(), "a", new byte[] {0}))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(Topics.ALARMS.name());
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> config = as("agent").producerConfig("secured-wrong-password");
        config.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"numbat-agent\" password=\"not-the-password\";");
        try (KafkaProducer<String, byte[]> agent = producer(config)) {
            assertThatThrownBy(() -> agent.send(new ProducerRecord<>(Topics.METRICS.name(), "a", batch("a", 1)))
                            .get())
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsNotTrusted() throws Exception {
        Path otherTrust = dir.resolve("other-truststore.p12");
        CertificateAuthority.create("someone-else", Duration.ofDays(1))
                .writeTrustStore(otherTrust, "changeit".toCharArray());
        Map<String, Object> config = as("agent").producerConfig("secured-untrusted");
        config.put("ssl.truststore.location", otherTrust.toString());
        config.put("ssl.truststore.password", "changeit");
        try (KafkaProducer<String, byte[]> agent = producer(config)) {
            assertThatThrownBy(() -> agent.send(new ProducerRecord<>(Topics.METRICS.name(), "a", batch("a", 1)))
                            .get())
                    .hasCauseInstanceOf(SslAuthenticationException.class)
                    .hasStackTraceContaining("PKIX path building failed");
        }
    }

    @Test
    void theProcessorRunsOnItsOwnLeastPrivilegeUserAndTheConsoleReadsItsAlarms() throws Exception {
        ProcessorSettings settings = ProcessorSettings.defaults(dir.resolve("streams"));
        try (StreamProcessorApp processor = new StreamProcessorApp(as("stream-processor"), registry, settings).start();
                KafkaProducer<String, byte[]> agent = producer(as("agent").producerConfig("secured-agent-2"))) {
            assertThat(processor.awaitRunning(Duration.ofMinutes(2)))
                    .as("processor running as numbat-stream-processor")
                    .isTrue();
            agent.send(new ProducerRecord<>(Topics.METRICS.name(), "hot", batch("hot", 0.9 * 262_144)))
                    .get();
            Map<String, Object> console = new HashMap<>(
                    as("console").consumerConfig("numbat-console-secured-it", "numbat-console-secured-it", "earliest"));
            try (KafkaConsumer<String, Alarm> reader = new KafkaConsumer<>(
                    console,
                    Topics.ALARMS.keySerde().deserializer(),
                    Topics.ALARMS.valueSerde(registry).deserializer())) {
                List<TopicPartition> parts = reader.partitionsFor(Topics.ALARMS.name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                reader.assign(parts);
                reader.seekToBeginning(parts);
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                Alarm found = null;
                while (found == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, Alarm> r : reader.poll(Duration.ofMillis(500))) {
                        if (r.value() != null && r.value().getNode().equals("hot")) {
                            found = r.value();
                        }
                    }
                }
                assertThat(found)
                        .as("process_limit alarm of node hot, read as numbat-console")
                        .isNotNull();
                assertThat(found.getType()).isEqualTo("process_limit");
            }
            theAlarmIsReadForMetricsAsTheProcessorAndForwardedAsTheAlertForwarder();
        }
    }

    /**
     * The processor's numbat_alarms_active reads numbat.alarms as numbat-stream-processor, and numbat alerts reads
     * numbat.alarms and numbat.silences as numbat-alerts (no consumer group): both with the grants of AccessPlan.
     */
    private static void theAlarmIsReadForMetricsAsTheProcessorAndForwardedAsTheAlertForwarder() throws Exception {
        try (ComponentMetrics metrics = new ComponentMetrics();
                ActiveAlarms active = ActiveAlarms.start(
                        metrics,
                        as("stream-processor"),
                        Topics.ALARMS.valueSerde(registry).deserializer());
                AlarmForwarding alerts = AlarmForwarding.start(
                        as("alerts"),
                        Topics.ALARMS.valueSerde(registry).deserializer(),
                        Topics.SILENCES.valueSerde(registry).deserializer(),
                        new AlarmForwarding.Settings(
                                List.of(),
                                List.of("http://127.0.0.1:" + FreePorts.pick() + "/nobody"),
                                Optional.empty(),
                                Duration.ofSeconds(60),
                                100))) {
            await("process_limit of node hot counted as numbat-stream-processor and firing as numbat-alerts")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> metrics.scrape()
                                    .lines()
                                    .anyMatch(l -> l.startsWith("numbat_alarms_active{")
                                            && l.contains("type=\"process_limit\"")
                                            && !l.endsWith(" 0.0"))
                            && alerts.stats().firing() >= 1);
            assertThat(alerts.failure()).as("forwarding still running").isNotDone();
            assertThat(alerts.stats().unreadable()).isZero();
        }
    }

    @Test
    void aLeastPrivilegeComponentStartsWithoutCreatingTopicsAndRefusalsAreExplained() throws Exception {
        ClusterConnection agent = as("agent");
        try (Admin admin = Admin.create(agent.commonConfig("secured-agent-setup"))) {
            new TopicSetup(admin, registry, Optional.empty()).ensure(Topics.all()); // sees two topics, creates none
        }
        Map<String, Object> wrong = agent.commonConfig("secured-wrong");
        wrong.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"numbat-agent\" password=\"nope\";");
        wrong.put("default.api.timeout.ms", 10_000);
        wrong.put("request.timeout.ms", 10_000);
        try (Admin admin = Admin.create(wrong)) {
            ExecutionException e = Assertions.assertThrows(
                    ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get());
            assertThat(AccessErrors.explain(e, "agent", wrong, agent.bootstrapServers()))
                    .startsWith(
                            "agent: Kafka at " + agent.bootstrapServers() + " refused the login of User:numbat-agent");
        }
        try (KafkaProducer<String, byte[]> producer = producer(agent.producerConfig("secured-agent-3"))) {
            ExecutionException e = Assertions.assertThrows(
                    ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(Topics.TREND_WINDOWS.name(), "a", new byte[] {0}))
                            .get());
            assertThat(AccessErrors.explain(e, "agent", agent.clientOverrides(), agent.bootstrapServers()))
                    .isEqualTo("agent: User:numbat-agent is not allowed to use topic(s) [numbat.trend-windows] on "
                            + agent.bootstrapServers() + "; grant the ACLs printed by 'numbat topics --print'");
        }
    }
}
