package io.numbat.agent.publish;

import io.numbat.agent.fleet.BatchSink;
import io.numbat.agent.spool.DiskSpool;
import io.numbat.agent.spool.SpooledRecord;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import io.numbat.schemas.health.Health;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
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
 * in order when it returns, none twice. The agent's own health is published as a batch of node
 * {@code agentNode} every {@code healthInterval}.
 */
public final class MetricPublisher implements BatchSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricPublisher.class);
    /** Family of the agents' own health batches. */
    public static final String AGENT_FAMILY = "numbat-agent";

    private final Serializer<MetricBatch> serializer;
    private final KafkaProducer<String, byte[]> producer;
    private final DiskSpool spool;
    private final Semaphore inFlight;
    private final String agentNode;
    private final Duration healthInterval;
    private final Clock clock;
    private final Thread shipper;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private long healthSequence;
    private final long startedMillis;
    private volatile long lastAckMillis;
    private volatile boolean running = true;

    public MetricPublisher(ClusterConnection cluster, SchemaRegistryClient registry, String agentNode,
                           SpoolSettings settings, Duration healthInterval, Clock clock) {
        this.serializer = Topics.METRICS.valueSerde(registry).serializer();
        Map<String, Object> config = cluster.producerConfig("numbat-agent-" + agentNode);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.spool = new DiskSpool(settings.dir(), settings.maxBytes(), settings.maxAge(), settings.segmentBytes(), clock);
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.agentNode = agentNode;
        this.healthInterval = healthInterval;
        this.clock = clock;
        this.startedMillis = clock.millis();
        this.shipper = new Thread(this::ship, "numbat-publisher-" + agentNode);
        this.shipper.setDaemon(true);
        this.shipper.start();
    }

    @Override
    public void publish(MetricBatch batch) {
        spool.append(batch.getNode(), serializer.serialize(Topics.METRICS.name(), batch),
                batch.getTimestamp().toEpochMilli());
        samples.addAndGet(batch.getSamples().size());
    }

    private void ship() {
        long nextHealth = clock.millis() + healthInterval.toMillis();
        try {
            while (running) {
                if (clock.millis() >= nextHealth) {
                    publish(health());
                    nextHealth = clock.millis() + healthInterval.toMillis();
                }
                Optional<SpooledRecord> next = spool.next(Duration.ofMillis(200));
                if (next.isPresent()) {
                    inFlight.acquire();
                    send(next.get());
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
                    LOG.error("batch of {} could not be published and is dropped: {}", r.key(), e.toString());
                }
                spool.acked(r);
            });
            returned.set(true);
            if (refused.get() == null) {
                return;
            }
            LOG.warn("Kafka cannot take batches ({}); they are kept in the spool ({} pending), retrying in {} ms",
                    refused.get().getMessage(), spool.pending(), backoff);
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 5_000);
        }
        inFlight.release();
    }

    private MetricBatch health() {
        List<Sample> s = List.of(
                new Sample(MetricId.AGENT_SPOOL_BYTES.id(), (double) spool.bytes()),
                new Sample(MetricId.AGENT_SPOOL_PENDING.id(), (double) spool.pending()),
                new Sample(MetricId.AGENT_SPOOL_DROPPED.id(), (double) spool.dropped()),
                new Sample(MetricId.AGENT_BATCHES_SENT.id(), (double) sent.get()),
                new Sample(MetricId.AGENT_SEND_ERRORS.id(), (double) errors.get()),
                new Sample(MetricId.AGENT_SAMPLES.id(), (double) samples.get()));
        return new MetricBatch(agentNode, AGENT_FAMILY, Instant.ofEpochMilli(clock.millis()), healthSequence++, s, List.of(), List.of());
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
        Map<String, Object> checks = new java.util.LinkedHashMap<>();
        checks.put("kafka", last == 0 ? "no batch acknowledged yet" : "last batch acknowledged " + (now - last) + " ms ago");
        checks.put("lag", spool.pending());
        checks.put("sent", sent.get());
        checks.put("dropped", spool.dropped());
        checks.put("errors", errors.get());
        return new Health(live, last != 0, checks);
    }

    /** Batches acknowledged by Kafka. */
    public long sent() {
        return sent.get();
    }

    /** Batches dropped because the spool was over its bounds. */
    public long dropped() {
        return spool.dropped();
    }

    /** Batches waiting in the spool. */
    public long pending() {
        return spool.pending();
    }

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
