package io.numbat.schemas.topic;

import io.numbat.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Numbat's topics if missing and waits until every partition accepts reads, then
 * registers each value schema under {@code <topic>-value} with BACKWARD compatibility.
 * Idempotent: running it against a cluster that already has the topics changes nothing.
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Admin admin;
    private final SchemaRegistryClient registry;
    private final Optional<Short> replicationFactor;

    /**
     * @param replicationFactor of the topics it creates; empty takes the broker's
     *     {@code default.replication.factor} (right for an existing cluster)
     */
    public TopicSetup(Admin admin, SchemaRegistryClient registry, Optional<Short> replicationFactor) {
        this.admin = admin;
        this.registry = registry;
        this.replicationFactor = replicationFactor;
    }

    /**
     * Creates the missing topics of {@code topics}, waits for them, registers their schemas. A
     * principal that may neither see nor create some topics (a least-privilege component on a
     * secured cluster) leaves them to an admin: they are reported, not waited for.
     */
    public void ensure(List<Topic<String, ?>> topics) throws InterruptedException {
        Set<String> usable = createMissing(topics);
        awaitPartitionsReadable(
                topics.stream().filter(t -> usable.contains(t.name())).toList());
        for (Topic<String, ?> t : topics) {
            registry.setCompatibility(t.valueSubject(), "BACKWARD");
            int id = registry.register(t.valueSubject(), t.valueSchema());
            LOG.debug("schema of {} registered as id {}", t.valueSubject(), id);
        }
    }

    /** Creates what is missing; returns the names of the topics that exist now and this principal may see. */
    private Set<String> createMissing(List<Topic<String, ?>> topics) throws InterruptedException {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot list topics: " + e.getCause().getMessage(), e.getCause());
        }
        List<NewTopic> missing = topics.stream()
                .filter(t -> !existing.contains(t.name()))
                .map(t -> t.newTopic(replicationFactor))
                .toList();
        Set<String> usable = new HashSet<>(existing);
        if (missing.isEmpty()) {
            return usable;
        }
        Set<String> refused = new TreeSet<>();
        for (Map.Entry<String, KafkaFuture<Void>> e :
                admin.createTopics(missing).values().entrySet()) {
            try {
                e.getValue().get();
                usable.add(e.getKey());
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof TopicExistsException) {
                    usable.add(e.getKey());
                } else if (ex.getCause() instanceof AuthorizationException) {
                    refused.add(e.getKey());
                } else {
                    throw new IllegalStateException(
                            "cannot create topic " + e.getKey() + ": "
                                    + ex.getCause().getMessage(),
                            ex.getCause());
                }
            }
        }
        if (!refused.isEmpty()) {
            LOG.warn("not allowed to see or create topics {}: left to an admin (see 'numbat topics --print')", refused);
        }
        LOG.info(
                "created topics {}",
                missing.stream()
                        .map(NewTopic::name)
                        .filter(n -> !refused.contains(n))
                        .collect(Collectors.joining(", ")));
        return usable;
    }

    /**
     * {@code createTopics} can return before partitions accept writes; listing offsets succeeds only
     * once each partition has a leader, so that is the readiness check.
     */
    private void awaitPartitionsReadable(List<Topic<String, ?>> topics) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (Topic<String, ?> t : topics) {
            for (int p = 0; p < t.partitions(); p++) {
                request.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                admin.listOffsets(request).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "topics not ready after " + READY_TIMEOUT.toSeconds() + " s: "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
                Thread.sleep(100);
            }
        }
    }
}
