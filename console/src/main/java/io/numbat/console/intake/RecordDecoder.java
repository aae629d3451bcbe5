package io.numbat.console.intake;

import io.numbat.console.view.KeyMetric;
import io.numbat.schemas.ActionResult;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.Silence;
import io.numbat.schemas.TrendWindow;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryUnavailableException;
import io.numbat.schemas.topic.Topics;
import io.numbat.schemas.trend.TrendWindows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw records of the console's topics with their Avro serdes and hands them to a
 * {@link RecordSink}. An unreadable record never stops the others: it is dead-lettered here unless
 * another component reads its topic and dead-letters it there ({@link #READ_ALSO_BY}), so each is
 * dead-lettered once; either way it is reported as skipped. A registry that cannot be reached is no
 * fault of the record: decoding is retried with back-off until it answers (or the console stops).
 */
final class RecordDecoder {
    /**
     * The console's topics that another component reads and dead-letters (with the same serdes):
     * the console leaves their unreadable records to it.
     */
    static final Map<String, String> READ_ALSO_BY = Map.of(
            Topics.METRICS.name(),
            "the stream processor",
            Topics.DEPLOYMENTS.name(),
            "the deployer",
            Topics.ACTIONS.name(),
            "the agent watching the node",
            Topics.FAMILY_POLICIES.name(),
            "the stream processor");

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final DeadLetterSink deadLetters;
    private final BooleanSupplier running;
    private final Duration firstBackoff;
    private static final Logger LOG = LoggerFactory.getLogger(RecordDecoder.class);
    private final Deserializer<MetricBatch> metrics;
    private final Deserializer<Alarm> alarms;
    private final Deserializer<AlarmAck> acks;
    private final Deserializer<ExhaustionForecast> forecasts;
    private final Deserializer<DeploymentEvent> deployments;
    private final Deserializer<NodeEvent> nodeEvents;
    private final Deserializer<TrendWindow> trends;
    private final Deserializer<AnomalyScores> anomalyScores;
    private final Deserializer<OperatorAction> actions;
    private final Deserializer<ActionResult> actionResults;
    private final Deserializer<NodeQueryResult> queryResults;
    private final Deserializer<Remediation> remediations;
    private final Deserializer<Silence> silences;
    private final Deserializer<FamilyPolicy> policies;
    private final Deserializer<OperatorChange> changes;

    /** A decoder that dead-letters nowhere: for tests of decoding alone. */
    RecordDecoder(SchemaRegistryClient registry) {
        this(
                registry,
                (r, e) -> {
                    throw new IllegalStateException("no dead-letter topic in this decoder");
                },
                () -> true,
                Duration.ofSeconds(1));
    }

    /**
     * @param running false once the console stops: a retry for an unreachable registry then ends
     * @param firstBackoff the first wait before decoding again while the registry is unreachable (doubling to 30 s)
     */
    RecordDecoder(
            SchemaRegistryClient registry, DeadLetterSink deadLetters, BooleanSupplier running, Duration firstBackoff) {
        this.deadLetters = deadLetters;
        this.running = running;
        this.firstBackoff = firstBackoff;
        metrics = Topics.METRICS.valueSerde(registry).deserializer();
        alarms = Topics.ALARMS.valueSerde(registry).deserializer();
        acks = Topics.ALARM_ACKS.valueSerde(registry).deserializer();
        forecasts = Topics.FORECASTS.valueSerde(registry).deserializer();
        deployments = Topics.DEPLOYMENTS.valueSerde(registry).deserializer();
        nodeEvents = Topics.NODE_EVENTS.valueSerde(registry).deserializer();
        trends = Topics.TREND_WINDOWS.valueSerde(registry).deserializer();
        anomalyScores = Topics.ANOMALY_SCORES.valueSerde(registry).deserializer();
        actions = Topics.ACTIONS.valueSerde(registry).deserializer();
        actionResults = Topics.ACTION_RESULTS.valueSerde(registry).deserializer();
        queryResults = Topics.NODE_QUERY_RESULTS.valueSerde(registry).deserializer();
        remediations = Topics.REMEDIATIONS.valueSerde(registry).deserializer();
        silences = Topics.SILENCES.valueSerde(registry).deserializer();
        policies = Topics.FAMILY_POLICIES.valueSerde(registry).deserializer();
        changes = Topics.OPERATOR_CHANGES.valueSerde(registry).deserializer();
    }

    /**
     * Decodes a record (on the calling thread: the pump's, since the first record of a schema fetches
     * it from the registry) into work that hands it to {@code sink} (on the view's thread).
     */
    Runnable prepare(ConsumerRecord<String, byte[]> record, RecordSink sink) {
        Consumer<RecordSink> decoded = guarded(record, decode(record));
        return () -> decoded.accept(sink);
    }

    /**
     * Applies one record, reporting it skipped if applying it fails (an {@link Error} too): the records
     * of its batch around it are applied all the same.
     */
    private static Consumer<RecordSink> guarded(ConsumerRecord<String, byte[]> r, Consumer<RecordSink> apply) {
        return s -> {
            try {
                apply.accept(s);
            } catch (Throwable t) {
                s.skipped(
                        r.topic(), r.topic() + "-" + r.partition() + "@" + r.offset() + ": could not be applied: " + t);
            }
        };
    }

    /** Decodes and delivers one record at once. */
    void handle(ConsumerRecord<String, byte[]> r, RecordSink sink) {
        decode(r).accept(sink);
    }

    /**
     * Decodes one record into what to hand the sink; a record whose schema the registry cannot
     * serve right now is decoded again after a back-off (on this, the pump's, thread).
     */
    Consumer<RecordSink> decode(ConsumerRecord<String, byte[]> r) {
        long backoff = firstBackoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return read(r);
            } catch (RuntimeException e) {
                if (!registryUnreachable(e)) {
                    return unreadable(r, e);
                }
                if (!running.getAsBoolean() || !pause(backoff)) {
                    String reason = where(r) + ": " + e.getMessage() + "; not dead-lettered: the schema registry is "
                            + "unreachable and the console is stopping";
                    return s -> s.skipped(r.topic(), reason);
                }
                if (Long.bitCount(attempt) == 1) {
                    LOG.warn(
                            "{}: the schema registry is unreachable ({}); decoding again, attempt {}",
                            where(r),
                            e.getMessage(),
                            attempt + 1);
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private Consumer<RecordSink> read(ConsumerRecord<String, byte[]> r) {
        String topic = r.topic();
        if (r.value() == null) {
            return r.key() == null ? s -> {} : s -> s.removed(topic, r.key());
        }
        if (topic.equals(Topics.METRICS.name())) {
            MetricBatch v = present(metrics.deserialize(topic, r.value()));
            return s -> s.metrics(v);
        } else if (topic.equals(Topics.ALARMS.name())) {
            Alarm v = present(alarms.deserialize(topic, r.value()));
            return s -> s.alarm(v);
        } else if (topic.equals(Topics.ALARM_ACKS.name())) {
            AlarmAck v = present(acks.deserialize(topic, r.value()));
            return s -> s.ack(v);
        } else if (topic.equals(Topics.FORECASTS.name())) {
            ExhaustionForecast v = present(forecasts.deserialize(topic, r.value()));
            return s -> s.forecast(v);
        } else if (topic.equals(Topics.DEPLOYMENTS.name())) {
            DeploymentEvent v = present(deployments.deserialize(topic, r.value()));
            return s -> s.deployment(v);
        } else if (topic.equals(Topics.TREND_WINDOWS.name())) {
            // one record per node and window; the console keeps the key metrics only
            List<MetricTrend> v = TrendWindows.perMetric(present(trends.deserialize(topic, r.value()))).stream()
                    .filter(t -> KeyMetric.trendedById(t.getMetric()).isPresent())
                    .toList();
            return s -> v.forEach(s::trend);
        } else if (topic.equals(Topics.ANOMALY_SCORES.name())) {
            AnomalyScores v = present(anomalyScores.deserialize(topic, r.value()));
            return s -> s.anomalyScores(v);
        } else if (topic.equals(Topics.NODE_EVENTS.name())) {
            NodeEvent v = present(nodeEvents.deserialize(topic, r.value()));
            return s -> s.nodeEvent(v);
        } else if (topic.equals(Topics.ACTIONS.name())) {
            OperatorAction v = present(actions.deserialize(topic, r.value()));
            return s -> s.action(v);
        } else if (topic.equals(Topics.ACTION_RESULTS.name())) {
            ActionResult v = present(actionResults.deserialize(topic, r.value()));
            return s -> s.actionResult(v);
        } else if (topic.equals(Topics.NODE_QUERY_RESULTS.name())) {
            NodeQueryResult v = present(queryResults.deserialize(topic, r.value()));
            return s -> s.queryResult(v);
        } else if (topic.equals(Topics.REMEDIATIONS.name())) {
            Remediation v = present(remediations.deserialize(topic, r.value()));
            return s -> s.remediation(v);
        } else if (topic.equals(Topics.SILENCES.name())) {
            Silence v = present(silences.deserialize(topic, r.value()));
            if (!v.getId().equals(r.key())) {
                throw new IllegalArgumentException(
                        "a silence's key must be its id (compaction keeps the latest per key), was " + r.key());
            }
            return s -> s.silence(v);
        } else if (topic.equals(Topics.FAMILY_POLICIES.name())) {
            FamilyPolicy v = present(policies.deserialize(topic, r.value()));
            return s -> s.familyPolicy(v);
        } else if (topic.equals(Topics.OPERATOR_CHANGES.name())) {
            OperatorChange v = present(changes.deserialize(topic, r.value()));
            return s -> s.operatorChange(v);
        }
        return s -> s.skipped(topic, "not a console topic");
    }

    /**
     * A record that cannot be read: dead-lettered here (once the broker has the dead letter) unless
     * another reader of its topic does it; skipped either way, with a reason that says which.
     */
    private Consumer<RecordSink> unreadable(ConsumerRecord<String, byte[]> r, RuntimeException e) {
        String topic = r.topic();
        String reason = where(r) + ": " + e.getMessage();
        String other = READ_ALSO_BY.get(topic);
        if (other != null) {
            String why = reason + "; left to " + other + ", which also reads " + topic
                    + " and dead-letters what it cannot read";
            return s -> s.skipped(topic, why);
        }
        try {
            deadLetters.send(r, e);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            String why = reason + "; NOT dead-lettered: interrupted while sending it to " + Topics.DEAD_LETTERS.name();
            return s -> s.skipped(topic, why);
        } catch (Exception sendError) {
            String why = reason + "; NOT dead-lettered: sending it to " + Topics.DEAD_LETTERS.name() + " failed: "
                    + sendError;
            return s -> s.skipped(topic, why);
        }
        String why = reason + "; dead-lettered to " + Topics.DEAD_LETTERS.name();
        return s -> {
            s.deadLettered(topic);
            s.skipped(topic, why);
        };
    }

    private static String where(ConsumerRecord<String, byte[]> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }

    /** Whether the registry could not be reached at all (as opposed to answering that the schema is unknown). */
    static boolean registryUnreachable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** Waits {@code millis} in short steps; false if the console stops meanwhile. */
    private boolean pause(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        try {
            while (System.nanoTime() < end) {
                if (!running.getAsBoolean()) {
                    return false;
                }
                Thread.sleep(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
        return running.getAsBoolean();
    }

    private static <T> T present(T value) {
        if (value == null) {
            throw new IllegalArgumentException("record has no value");
        }
        return value;
    }
}
