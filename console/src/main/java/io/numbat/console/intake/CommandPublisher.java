package io.numbat.console.intake;

import io.numbat.schemas.NodeQuery;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.Silence;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topic;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the operator's commands the console sends: node queries to {@code numbat.node-queries} and signed
 * actions to {@code numbat.actions}, both keyed by node (the agents read them in order per node), and verdicts on
 * proposed remediations to {@code numbat.remediation-commands}, keyed by family; each answered once the broker has
 * the record; silences to {@code numbat.silences} keyed by id, each followed by its audit record on
 * {@code numbat.operator-changes}. Sends run on a worker thread (a send may block on metadata or the registry).
 */
final class CommandPublisher implements AutoCloseable {
    private final Context context;
    private final KafkaProducer<String, NodeQuery> queries;
    private final KafkaProducer<String, OperatorAction> actions;
    private final KafkaProducer<String, RemediationCommand> verdicts;
    private final KafkaProducer<String, Silence> silences;
    private final KafkaProducer<String, OperatorChange> changes;

    CommandPublisher(
            Context context, ClusterConnection cluster, SchemaRegistryClient registry, String instance, int blockMs) {
        this.context = context;
        this.queries = producer(cluster, registry, Topics.NODE_QUERIES, "numbat-console-queries-" + instance, blockMs);
        this.actions = producer(cluster, registry, Topics.ACTIONS, "numbat-console-actions-" + instance, blockMs);
        this.verdicts = producer(
                cluster, registry, Topics.REMEDIATION_COMMANDS, "numbat-console-verdicts-" + instance, blockMs);
        this.silences = producer(cluster, registry, Topics.SILENCES, "numbat-console-silences-" + instance, blockMs);
        this.changes =
                producer(cluster, registry, Topics.OPERATOR_CHANGES, "numbat-console-changes-" + instance, blockMs);
    }

    private static <V extends SpecificRecord> KafkaProducer<String, V> producer(
            ClusterConnection cluster, SchemaRegistryClient registry, Topic<String, V> topic, String id, int blockMs) {
        Map<String, Object> config = cluster.producerConfig(id);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, blockMs);
        return new KafkaProducer<>(
                config,
                topic.keySerde().serializer(),
                topic.valueSerde(registry).serializer());
    }

    Future<Void> ask(NodeQuery q) {
        return send(queries, Topics.NODE_QUERIES, q.getNode(), q);
    }

    Future<Void> act(OperatorAction a) {
        return send(actions, Topics.ACTIONS, a.getNode(), a);
    }

    /** Keyed by family: the processor's task that holds the family's remediations reads it. */
    Future<Void> decide(RemediationCommand c) {
        return send(verdicts, Topics.REMEDIATION_COMMANDS, c.getFamily(), c);
    }

    /** The silence, then (once the broker has it) its audit record: no audit record of a change that failed. */
    Future<Void> silence(Silence s, OperatorChange audit) {
        return send(silences, Topics.SILENCES, s.getId(), s)
                .compose(v -> send(changes, Topics.OPERATOR_CHANGES, audit.getSubject(), audit));
    }

    private <V> Future<Void> send(KafkaProducer<String, V> producer, Topic<String, ?> topic, String key, V value) {
        Promise<Void> done = Promise.promise();
        context.owner()
                .<Void>executeBlocking(() -> {
                    producer.send(
                            new ProducerRecord<>(topic.name(), key, value),
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
    public void close() {
        queries.close(Duration.ofSeconds(5));
        actions.close(Duration.ofSeconds(5));
        verdicts.close(Duration.ofSeconds(5));
        silences.close(Duration.ofSeconds(5));
        changes.close(Duration.ofSeconds(5));
    }
}
