package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import io.numbat.platform.access.AccessErrors;
import io.numbat.schemas.registry.RegistryAccess;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What {@code numbat inspect}, {@code numbat action} and {@code numbat remediation} share: a connection to a running platform (never an
 * embedded one: the agents are out there), one request written to its command topic and the answers to it read
 * from the result topic, which is listened to before the request goes out so no answer is missed.
 */
final class CommandClient implements AutoCloseable {
    private final ClusterConnection connection;
    private final SchemaRegistryClient registry;
    private KafkaConsumer<String, ?> listening;

    private CommandClient(ClusterConnection connection, SchemaRegistryClient registry) {
        this.connection = connection;
        this.registry = registry;
    }

    /** Connects to the cluster the shared flags name; fails with one line when they are missing. */
    static CommandClient open(ClusterOptions cluster, String command) {
        if (!cluster.external() || cluster.schemaRegistry == null || cluster.schemaRegistry.isBlank()) {
            throw new PlatformException("numbat " + command + " talks to a running platform: give "
                    + "--bootstrap-servers and --schema-registry (or NUMBAT_BOOTSTRAP_SERVERS and "
                    + "NUMBAT_SCHEMA_REGISTRY), as printed by numbat demo or numbat platform");
        }
        ClusterConnection connection =
                new ClusterConnection(cluster.bootstrapServers, cluster.schemaRegistry, cluster.clientOverrides());
        RegistryAccess access;
        try {
            access = RegistryAccess.fromClientSettings(connection.clientOverrides());
        } catch (IllegalArgumentException e) {
            throw new PlatformException("--kafka-config: " + e.getMessage());
        }
        return new CommandClient(
                connection,
                new RestSchemaRegistryClient(
                        connection.schemaRegistryUrl(), RestSchemaRegistryClient.DEFAULT_TIMEOUT, access));
    }

    ClusterConnection connection() {
        return connection;
    }

    SchemaRegistryClient registry() {
        return registry;
    }

    /** Starts listening to {@code results} from its current end: call before {@link #send}. */
    <V extends SpecificRecord> Listener<V> listen(Topic<String, V> results) {
        Map<String, Object> config = connection.commonConfig("numbat-cli-" + results.name());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                config,
                results.keySerde().deserializer(),
                results.valueSerde(registry).deserializer());
        listening = consumer;
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(results.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fixes the positions now, before the request goes out
        } catch (RuntimeException e) {
            throw explained(e);
        }
        return new Listener<>(consumer);
    }

    /** Writes {@code value} under {@code key} and waits for the broker's acknowledgement. */
    <V extends SpecificRecord> void send(Topic<String, V> topic, String key, V value) {
        Map<String, Object> config = connection.producerConfig("numbat-cli-" + topic.name());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(
                config, new StringSerializer(), topic.valueSerde(registry).serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw explained(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while writing to " + topic.name());
        }
    }

    private PlatformException explained(Exception e) {
        String why = AccessErrors.explain(e, "numbat", connection.clientOverrides(), connection.bootstrapServers());
        return new PlatformException(
                why != null ? why : "Kafka at " + connection.bootstrapServers() + ": " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** The answers on a result topic. */
    static final class Listener<V> {
        private final KafkaConsumer<String, V> consumer;

        private Listener(KafkaConsumer<String, V> consumer) {
            this.consumer = consumer;
        }

        /**
         * Reads answers keyed {@code requestId}, handing each to {@code each}, until one is {@code last}; empty
         * when none was by {@code timeout}.
         */
        Optional<V> await(String requestId, Predicate<V> last, Consumer<V> each, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(Math.min(left, 500)))) {
                    if (requestId.equals(r.key()) && r.value() != null) {
                        each.accept(r.value());
                        if (last.test(r.value())) {
                            return Optional.of(r.value());
                        }
                    }
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        if (listening != null) {
            listening.close(Duration.ofSeconds(2));
        }
        registry.close();
    }
}
