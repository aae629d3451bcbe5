package io.numbat.agent.publish;

import io.numbat.agent.collect.CollectionTimes;
import io.numbat.agent.fleet.BatchSink;
import io.numbat.agent.spool.DiskSpool;
import io.numbat.agent.spool.RateLimitedLog;
import io.numbat.agent.spool.SegmentFiles;
import io.numbat.agent.spool.SpooledRecord;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link MetricBatch}es to {@code numbat.metrics}, keyed by node id, through a local
 * spool: each batch is serialised and appended to the {@link DiskSpool}, and a shipper thread
 * sends the spool in order through an idempotent producer that never gives up on a batch. While
 * Kafka is away batches pile up on disk (bounded; the overflow is dropped and counted) and go out
 * in order when it returns, none twice. A full disk drops the oldest spooled batches, counted,
 * and neither {@link #publish} nor the shipper ever stops on an exception: it is logged (at most
 * every 10 s) and counted. The agent's own health is published as a batch of node
 * {@code agentNode} every {@code healthInterval}.
 */
public final class MetricPublisher implements BatchSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricPublisher.class);
    /** Family of the agents' own health batches. */
    public static final String AGENT_FAMILY = "numbat-agent";

    private final Serializer<MetricBatch> serializer;
    private final Producer<String, byte[]> producer;
    private final DiskSpool spool;
    private final Semaphore inFlight;
    private final String agentNode;
    private final Duration healthInterval;
    private final Clock clock;
    private final Thread shipper;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final CollectionTimes collectionTimes = new CollectionTimes();
    private final RateLimitedLog failures = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private long healthSequence;
    private final long startedMillis;
    private volatile long lastAckMillis;
    private volatile boolean running = true;

    public MetricPublisher(
            ClusterConnection cluster,
            SchemaRegistryClient registry,
            String agentNode,
            SpoolSettings settings,
            Duration healthInterval,
            Clock clock) {
        this(
                () -> {
                    Map<String, Object> config = cluster.producerConfig("numbat-agent-" + agentNode);
                    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
                    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
                    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
                },
                Topics.METRICS.valueSerde(registry).serializer(),
                agentNode,
                settings,
                healthInterval,
                clock,
                SegmentFiles.LOCAL);
    }

    /** With the producer, the serializer and the spool's file system given: the tests' fakes. */
    MetricPublisher(
            Supplier<Producer<String, byte[]>> producer,
            Serializer<MetricBatch> serializer,
            String agentNode,
            SpoolSettings settings,
            Duration healthInterval,
            Clock clock,
            SegmentFiles files) {
        this.serializer = serializer;
        this.spool = openSpool(settings, clock, files);
        this.producer = producer.get();
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.agentNode = agentNode;
        this.healthInterval = healthInterval;
        this.clock = clock;
        this.startedMillis = clock.millis();
        this.shipper = new Thread(this::ship, "numbat-publisher-" + agentNode);
        this.shipper.setDaemon(true);
        this.shipper.start();
    }

    private static DiskSpool openSpool(SpoolSettings settings, Clock clock, SegmentFiles files) {
        DiskSpool spool;
        try {
            spool = new DiskSpool(
                    settings.dir(), settings.maxBytes(), settings.maxAge(), settings.segmentBytes(), clock, files);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(
                    SpoolSettings.DIR_OPTION + " " + settings.dir() + " cannot be used: " + e.getCause(), e);
        }
        try {
            long disk = Files.getFileStore(settings.dir()).getTotalSpace();
            if (disk > 0 && disk < settings.maxBytes()) {
                LOG.warn(
                        "the spool's bound ({} bytes, {}) is larger than its file system ({} bytes under {}): when "
                                + "the disk fills, the oldest batches are dropped and counted before the bound is reached",
                        settings.maxBytes(),
                        SpoolSettings.MAX_BYTES_OPTION,
                        disk,
                        settings.dir());
            }
        } catch (IOException e) {
            // only a warning: the spool copes with a full disk
        }
        return spool;
    }

    /** Spools the batch; never throws and never blocks on Kafka or the disk (a failure is logged and counted). */
    @Override
    public void publish(MetricBatch batch) {
        byte[] value;
        try {
            value = serializer.serialize(Topics.METRICS.name(), batch);
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            failures.warn(
                    "batch of {} cannot be serialised and is dropped (counted as a send error): {}",
                    batch.getNode(),
                    e.toString());
            return;
        }
        spool.append(batch.getNode(), value, batch.getTimestamp().toEpochMilli());
        samples.addAndGet(batch.getSamples().size());
    }

    /** Sends the spool in order until closed; an exception is logged, counted and survived. */
    private void ship() {
        long nextHealth = clock.millis() + healthInterval.toMillis();
        try {
            while (running) {
                try {
                    if (clock.millis() >= nextHealth) {
                        publish(health());
                        nextHealth = clock.millis() + healthInterval.toMillis();
                    }
                    Optional<SpooledRecord> next = spool.next(Duration.ofMillis(200));
                    if (next.isPresent()) {
                        inFlight.acquire();
                        send(next.get());
                    }
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    failures.warn("the publisher's shipper caught {} and goes on", e.toString());
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands one record to the producer. When the producer cannot take it (no metadata for the
     * topic within {@code max.block.ms}: Kafka is away), {@code send} completes the record with an
     * error before it returns; the same record is then retried after a backoff, so later records
     * never overtake it. Once taken, the producer retries it until it is written.
     */
    private void send(SpooledRecord r) throws InterruptedException {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.METRICS.name(), null, r.timestampMillis(), r.key(), r.value());
        long backoff = 100;
        while (running) {
            AtomicBoolean returned = new AtomicBoolean();
            AtomicReference<Exception> refused = new AtomicReference<>();
            try {
                producer.send(record, (md, e) -> {
                    if (!returned.get() && e != null) {
                        refused.set(e); // failed inside send(): not taken, will be retried
                        return;
                    }
                    inFlight.release();
                    if (e == null) {
                        sent.incrementAndGet();
                        lastAckMillis = clock.millis();
                    } else {
                        // with an unbounded delivery timeout only non-retriable errors get here
                        errors.incrementAndGet();
                        failures.warn("batch of {} could not be published and is dropped: {}", r.key(), e.toString());
                    }
                    spool.acked(r);
                });
            } catch (RuntimeException e) {
                refused.set(e); // thrown by send() without calling back: not taken either
            }
            returned.set(true);
            if (refused.get() == null) {
                return;
            }
            refusals.warn(
                    "Kafka cannot take batches ({}); they are kept in the spool ({} pending), retrying in {} ms",
                    refused.get().toString(),
                    spool.pending(),
                    backoff);
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 5_000);
        }
        inFlight.release();
    }

    /** The agent's health batch, as published every {@code healthInterval}. */
    MetricBatch health() {
        List<Sample> s = List.of(
                new Sample(MetricId.AGENT_SPOOL_BYTES.id(), (double) spool.bytes()),
                new Sample(MetricId.AGENT_SPOOL_PENDING.id(), (double) spool.pending()),
                new Sample(MetricId.AGENT_SPOOL_DROPPED.id(), (double) spool.dropped()),
                new Sample(MetricId.AGENT_BATCHES_SENT.id(), (double) sent.get()),
                new Sample(MetricId.AGENT_SEND_ERRORS.id(), (double) errors.get()),
                new Sample(MetricId.AGENT_SAMPLES.id(), (double) samples.get()));
        return MetricBatch.newBuilder()
                .setNode(agentNode)
                .setFamily(AGENT_FAMILY)
                .setTimestamp(Instant.ofEpochMilli(clock.millis()))
                .setSequence(healthSequence++)
                .setSamples(s)
                .build();
    }

    /**
     * Live while Kafka acknowledged a batch within {@code staleAfter} (it publishes its own health
     * batch every health interval, so there is always something to send), or before the first
     * acknowledgement within {@code staleAfter} of the start; ready once a batch was acknowledged.
     */
    public Health publisherHealth(Duration staleAfter) {
        long now = clock.millis();
        long last = lastAckMillis;
        boolean live = now - (last == 0 ? startedMillis : last) <= staleAfter.toMillis();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put(
                "kafka",
                last == 0 ? "no batch acknowledged yet" : "last batch acknowledged " + (now - last) + " ms ago");
        checks.put("lag", spool.pending());
        checks.put("sent", sent.get());
        checks.put("dropped", spool.dropped());
        checks.put("errors", errors.get());
        return new Health(live, last != 0, checks);
    }

    @Override
    public void collected(String node, long nanos) {
        collectionTimes.record(node, nanos);
    }

    /** How long each node's collection took, as the collectors told {@link #collected}. */
    public CollectionTimes collectionTimes() {
        return collectionTimes;
    }

    /** Samples spooled so far (in the batches {@link #publish} took). */
    public long samples() {
        return samples.get();
    }

    /** Bytes of the spool on disk. */
    public long spoolBytes() {
        return spool.bytes();
    }

    /** The Kafka producer, for its client metrics (read them only; the shipper thread sends). */
    public Producer<String, byte[]> producer() {
        return producer;
    }

    /** Batches acknowledged by Kafka. */
    public long sent() {
        return sent.get();
    }

    /** Batches dropped and counted: the spool over its bounds, a full disk, or unreadable. */
    public long dropped() {
        return spool.dropped();
    }

    /** Batches waiting in the spool. */
    public long pending() {
        return spool.pending();
    }

    /** Whether the shipper thread is running (it stops only on {@link #close}). */
    boolean shipping() {
        return shipper.isAlive();
    }

    /** Batches that could not be serialised, and batches Kafka refused for good. */
    public long errors() {
        return errors.get();
    }

    /** Stops shipping after trying for up to {@code drainTimeout} to send what is spooled. */
    public void close(Duration drainTimeout) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (spool.pending() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        shipper.interrupt();
        try {
            shipper.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(drainTimeout);
        spool.close();
        if (spool.pending() > 0) {
            LOG.warn("{} batches stay in the spool and will be sent at the next start", spool.pending());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
