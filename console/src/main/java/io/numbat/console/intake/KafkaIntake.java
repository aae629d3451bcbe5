package io.numbat.console.intake;

import io.numbat.bridge.FailurePolicy;
import io.numbat.bridge.TopicPump;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.NodeQuery;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.Silence;
import io.numbat.schemas.deadletter.DeadLetters;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the console's topics from Kafka without a consumer group (every console instance sees
 * everything): the compacted tables (alarms, acknowledgements, deployments, node events, remediations, silences,
 * family policies) and the operators' changes from the
 * beginning, forecasts from 15 minutes ago, trends and anomaly scores from an hour ago and metrics from 2 minutes ago, each on its own pump, and on a third
 * the audit trail (actions from 7 days ago, their compacted results from the beginning) and the agents' answers to
 * node queries (from now); publishes acknowledgements to {@code numbat.alarm-acks}, and node queries, signed
 * actions and remediation verdicts ({@link CommandPublisher}).
 */
public final class KafkaIntake implements Intake {
    private static final Duration FORECASTS_BACK = Duration.ofMinutes(15);
    /** Far enough back for the latest 1 h trend. */
    private static final Duration TRENDS_BACK = Duration.ofMinutes(65);
    /** Far enough back for the node page's hour of anomaly scores (one record per node and minute). */
    private static final Duration ANOMALY_SCORES_BACK = Duration.ofMinutes(61);

    private static final Duration METRICS_BACK = Duration.ofMinutes(2);
    /** How far back the audit trail starts (the actions topic is not compacted; its results topic is). */
    private static final Duration ACTIONS_BACK = Duration.ofDays(7);
    /** How long a metadata call or a send may block (unless the cluster's overrides say otherwise): under Console's start timeout. */
    private static final int BLOCK_MS = 30_000;
    /**
     * The decoder settles every record itself (it dead-letters what it cannot read and reports what the
     * view could not apply as skipped; the console commits nothing), so a failure that still reaches a
     * pump is a bug: after the usual tries the pump stops, and /health/live says so.
     */
    private static final FailurePolicy FAILURES = FailurePolicy.stop();

    private final ClusterConnection cluster;
    private final SchemaRegistryClient registry;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private volatile TopicPump tables;
    private volatile TopicPump metrics;
    private volatile TopicPump manage;
    private CommandPublisher commands;
    private KafkaProducer<String, AlarmAck> acks;
    private KafkaProducer<String, DeadLetter> deadLetters;
    private Context context;
    private volatile boolean running = true;

    public KafkaIntake(ClusterConnection cluster, SchemaRegistryClient registry) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Future<Void> start(Context context, RecordSink sink) {
        this.context = context;
        return context.owner().executeBlocking(() -> {
            Map<String, Object> producer = cluster.producerConfig("numbat-console-acks-" + instance);
            producer.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, BLOCK_MS);
            acks = new KafkaProducer<>(
                    producer,
                    Topics.ALARM_ACKS.keySerde().serializer(),
                    Topics.ALARM_ACKS.valueSerde(registry).serializer());
            Map<String, Object> dlq = cluster.producerConfig("numbat-console-dead-letters-" + instance);
            dlq.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, BLOCK_MS);
            deadLetters = new KafkaProducer<>(
                    dlq,
                    Topics.DEAD_LETTERS.keySerde().serializer(),
                    Topics.DEAD_LETTERS.valueSerde(registry).serializer());
            RecordDecoder decoder = new RecordDecoder(registry, this::deadLetter, () -> running, Duration.ofSeconds(1));
            acks.partitionsFor(Topics.ALARM_ACKS.name()); // metadata now, so a first send does not wait for it
            long now = System.currentTimeMillis();
            tables = new TopicPump("tables", consumer("tables"), context, r -> decoder.prepare(r, sink), FAILURES)
                    .from(Map.ofEntries(
                            Map.entry(Topics.ALARMS.name(), 0L),
                            Map.entry(Topics.ALARM_ACKS.name(), 0L),
                            Map.entry(Topics.DEPLOYMENTS.name(), 0L),
                            Map.entry(Topics.NODE_EVENTS.name(), 0L),
                            Map.entry(Topics.REMEDIATIONS.name(), 0L),
                            Map.entry(Topics.SILENCES.name(), 0L),
                            Map.entry(Topics.FAMILY_POLICIES.name(), 0L),
                            Map.entry(Topics.OPERATOR_CHANGES.name(), 0L),
                            Map.entry(Topics.FORECASTS.name(), now - FORECASTS_BACK.toMillis()),
                            Map.entry(Topics.TREND_WINDOWS.name(), now - TRENDS_BACK.toMillis()),
                            Map.entry(Topics.ANOMALY_SCORES.name(), now - ANOMALY_SCORES_BACK.toMillis())));
            metrics = new TopicPump("metrics", consumer("metrics"), context, r -> decoder.prepare(r, sink), FAILURES)
                    .from(Map.of(Topics.METRICS.name(), now - METRICS_BACK.toMillis()));
            // the audit trail, and the answers the console waits for (from now: older ones are nobody's)
            commands = new CommandPublisher(context, cluster, registry, instance, BLOCK_MS);
            manage = new TopicPump("manage", consumer("manage"), context, r -> decoder.prepare(r, sink), FAILURES)
                    .from(Map.of(
                            Topics.ACTIONS.name(),
                            now - ACTIONS_BACK.toMillis(),
                            Topics.ACTION_RESULTS.name(),
                            0L,
                            Topics.NODE_QUERY_RESULTS.name(),
                            now));
            return null;
        });
    }

    private KafkaConsumer<String, byte[]> consumer(String role) {
        String id = "numbat-console-" + role + "-" + instance;
        Map<String, Object> config = cluster.consumerConfig(id, id, "earliest");
        config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, BLOCK_MS);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Sends the dead letter of {@code r} and waits until the broker has it (on a pump's thread). */
    private void deadLetter(ConsumerRecord<String, byte[]> r, Throwable error) throws Exception {
        byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
        DeadLetter dl = DeadLetters.of(
                DeadLetterSink.COMPONENT, r.topic(), r.partition(), r.offset(), r.timestamp(), key, r.value(), error);
        try {
            deadLetters
                    .send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), r.topic(), dl))
                    .get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Both pumps: live while the brokers answer, ready once each has read what its topics held at start. */
    @Override
    public Health health() {
        if (tables == null || metrics == null || manage == null) {
            return new Health(true, false, Map.of("kafka", "starting"));
        }
        Map<String, Health> parts = new LinkedHashMap<>();
        parts.put("tables", tables.health());
        parts.put("metrics", metrics.health());
        parts.put("manage", manage.health());
        return Health.allOf(parts);
    }

    /** Sends from a worker thread (a send may block on metadata or the registry), in order, and waits for the broker. */
    @Override
    public Future<Void> acknowledge(AlarmAck ack) {
        Promise<Void> done = Promise.promise();
        context.owner()
                .<Void>executeBlocking(() -> {
                    acks.send(
                            new ProducerRecord<>(Topics.ALARM_ACKS.name(), ack.getAlarmId(), ack),
                            (md, err) -> context.runOnContext(v -> {
                                if (err == null) {
                                    done.complete();
                                } else {
                                    done.fail(err);
                                }
                            }));
                    return null;
                })
                .onFailure(done::tryFail);
        return done.future();
    }

    @Override
    public Future<Void> ask(NodeQuery query) {
        return commands.ask(query);
    }

    @Override
    public Future<Void> act(OperatorAction action) {
        return commands.act(action);
    }

    @Override
    public Future<Void> decide(RemediationCommand command) {
        return commands.decide(command);
    }

    @Override
    public Future<Void> silence(Silence silence, OperatorChange audit) {
        return commands.silence(silence, audit);
    }

    @Override
    public Future<Void> stop() {
        if (context == null) {
            return Future.succeededFuture();
        }
        running = false;
        return context.owner().executeBlocking(() -> {
            if (tables != null) {
                tables.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            if (manage != null) {
                manage.close();
            }
            if (commands != null) {
                commands.close();
            }
            if (acks != null) {
                acks.close(Duration.ofSeconds(5));
            }
            if (deadLetters != null) {
                deadLetters.close(Duration.ofSeconds(5));
            }
            return null;
        });
    }
}
