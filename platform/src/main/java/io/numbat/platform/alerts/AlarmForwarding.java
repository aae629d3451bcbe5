package io.numbat.platform.alerts;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.Silence;
import io.numbat.schemas.health.ConsumerHealth;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm forwarder of {@code numbat alerts} and {@code numbat demo --alertmanager}: reads the compacted
 * {@code numbat.alarms} from its beginning (the live alarm list, so a restart re-sends what is firing) and the
 * compacted {@code numbat.silences} (which mute firing alarms) on a thread of its own, without a consumer group, and
 * feeds an {@link AlertForwarder}, flushing it after every poll.
 */
public final class AlarmForwarding implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmForwarding.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Longer than {@link HttpAlertSink#TIMEOUT}: a post that hangs fails on its own time-out first. */
    private static final Duration FLUSH_TIMEOUT = HttpAlertSink.TIMEOUT.plusSeconds(2);

    /** What to forward to and how. */
    public record Settings(
            List<String> alertmanagers,
            List<String> webhooks,
            Optional<String> consoleUrl,
            Duration resendEvery,
            int outboxCapacity) {}

    /** One receiver's counts: alerts it accepted, waiting for it, dropped for it, failed posts. */
    public record ReceiverStats(String receiver, long sent, int waiting, long dropped, long failures) {}

    /**
     * What the forwarding has done, as of its last flush (at most about a second old): alarms firing, unreadable
     * records (alarms and silences), sends and resends of firing alarms held back by a silence, per receiver counts.
     */
    public record Stats(int firing, long unreadable, long muted, List<ReceiverStats> receivers) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<Alarm> alarms;
    private final Deserializer<Silence> silences;
    private final AlertForwarder forwarder;
    private final Thread thread;
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile Stats stats;
    private final ConsumerHealth health = ConsumerHealth.defaults();

    private AlarmForwarding(
            KafkaConsumer<String, byte[]> consumer,
            Deserializer<Alarm> alarms,
            Deserializer<Silence> silences,
            AlertForwarder forwarder) {
        this.consumer = consumer;
        this.alarms = alarms;
        this.silences = silences;
        this.forwarder = forwarder;
        this.thread = new Thread(this::loop, "numbat-alerts");
        this.thread.setDaemon(true);
        this.stats = snapshot();
    }

    /** Builds the receivers of {@code settings} and starts reading. */
    public static AlarmForwarding start(
            ClusterConnection cluster, Deserializer<Alarm> alarms, Deserializer<Silence> silences, Settings settings) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        List<AlertForwarder.Receiver> receivers = new ArrayList<>();
        for (String am : settings.alertmanagers()) {
            URI uri = HttpAlertSink.alertmanagerApi(am);
            receivers.add(new AlertForwarder.Receiver(
                    "alertmanager " + am,
                    AlertFormat.ALERTMANAGER,
                    new HttpAlertSink(http, uri),
                    settings.outboxCapacity()));
        }
        for (String hook : settings.webhooks()) {
            receivers.add(new AlertForwarder.Receiver(
                    "webhook " + hook,
                    AlertFormat.WEBHOOK,
                    new HttpAlertSink(http, URI.create(hook)),
                    settings.outboxCapacity()));
        }
        AlertForwarder forwarder =
                new AlertForwarder(receivers, settings.resendEvery(), settings.consoleUrl(), Clock.systemUTC());
        Map<String, Object> config = cluster.commonConfig("numbat-alerts");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.ALARMS.name(), Topics.SILENCES.name())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(60))
                        .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        AlarmForwarding f = new AlarmForwarding(consumer, alarms, silences, forwarder);
        f.thread.start();
        LOG.info(
                "forwarding {} to {} (resent every {} s while firing)",
                Topics.ALARMS.name(),
                receivers.stream().map(AlertForwarder.Receiver::name).toList(),
                settings.resendEvery().toSeconds());
        return f;
    }

    private void loop() {
        try {
            while (running) {
                health.probe(consumer);
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    take(r);
                }
                forwarder.flush(FLUSH_TIMEOUT);
                stats = snapshot();
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("alert forwarding stopped: {}", e.toString(), e);
            failure.complete(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        if (r.topic().equals(Topics.SILENCES.name())) {
            takeSilence(r);
            return;
        }
        if (r.value() == null) {
            if (r.key() != null) {
                forwarder.onDeleted(r.key());
            }
            return;
        }
        Alarm alarm;
        try {
            alarm = alarms.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            alarm = null;
        }
        if (alarm == null || r.key() == null) {
            forwarder.onUnreadable();
            long n = forwarder.unreadable();
            if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: a flood of garbage is not a flood of log lines
                LOG.warn(
                        "skipped an unreadable record on {} (key {}, partition {}, offset {}); {} so far",
                        r.topic(),
                        r.key(),
                        r.partition(),
                        r.offset(),
                        n);
            }
            return;
        }
        forwarder.onAlarm(alarm);
    }

    /** A silence's new version; one that cannot be read is skipped (the console dead-letters it) and counted. */
    private void takeSilence(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            if (r.key() != null) {
                forwarder.onSilenceDeleted(r.key());
            }
            return;
        }
        Silence s;
        try {
            s = silences.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            s = null;
        }
        if (s == null || !s.getId().equals(r.key())) {
            forwarder.onUnreadable();
            LOG.warn(
                    "skipped an unreadable silence on {} (key {}, partition {}, offset {})",
                    r.topic(),
                    r.key(),
                    r.partition(),
                    r.offset());
            return;
        }
        forwarder.onSilence(s);
    }

    /** Counted on the forwarding thread, which alone touches the forwarder. */
    private Stats snapshot() {
        return statsOf(forwarder);
    }

    /** The counts of {@code forwarder}, on the thread that drives it. */
    public static Stats statsOf(AlertForwarder forwarder) {
        List<ReceiverStats> receivers = new ArrayList<>();
        for (AlertForwarder.Receiver r : forwarder.receivers()) {
            receivers.add(new ReceiverStats(
                    r.name(),
                    r.sent(),
                    r.outbox().waiting(),
                    r.outbox().dropped(),
                    r.outbox().failures()));
        }
        return new Stats(forwarder.firing(), forwarder.unreadable(), forwarder.muted(), List.copyOf(receivers));
    }

    /** Its consumer's health: live while the brokers answer, ready once it read what the topic held at its start. */
    public Health consumerHealth() {
        return health.health();
    }

    /** What it has done, as of its last flush. Any thread. */
    public Stats stats() {
        return stats;
    }

    /** Its consumer of {@code numbat.alarms}, for its client metrics (read them only). */
    public KafkaConsumer<String, byte[]> consumer() {
        return consumer;
    }

    /** Completes with the error that stopped the forwarding, if one does. */
    public CompletableFuture<Throwable> failure() {
        return failure;
    }

    public AlertForwarder forwarder() {
        return forwarder;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(20));
    }
}
