package io.numbat.agent.manage;

import io.numbat.schemas.ActionResult;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.NodeQuery;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.deadletter.DeadLetters;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's side of the operator commands, on its own thread: reads the compacted {@code numbat.action-results}
 * into the {@link ActionLedger} first, then consumes {@code numbat.node-queries} and {@code numbat.actions} (every
 * partition: its own consumer group) and hands the commands for its nodes to the {@link CommandHandler}. Offsets
 * are committed after a command is answered, so an agent that stops midway gets it again, and the ledger keeps it
 * from running twice. A record it cannot read, for one of its nodes or without a key, goes to
 * {@code numbat.dead-letters}.
 */
public final class CommandService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
    private static final String COMPONENT = "agent";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final Consumer<byte[], byte[]> commands;
    private final Consumer<byte[], byte[]> ledgerReader;
    private final Producer<String, byte[]> producer;
    private final ActionLedger ledger = new ActionLedger();
    private final CommandHandler handler;
    private final Deserializer<NodeQuery> queries;
    private final Deserializer<OperatorAction> actions;
    private final Deserializer<ActionResult> actionResults;
    private final Serializer<ActionResult> actionResultWriter;
    private final Serializer<NodeQueryResult> queryResultWriter;
    private final Serializer<DeadLetter> deadLetterWriter;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean ready;
    private boolean closed;

    /**
     * Connects to the cluster.
     *
     * @param agent   names this agent in its answers
     * @param groupId this agent's own consumer group (it must read every partition)
     */
    public CommandService(
            ClusterConnection cluster,
            SchemaRegistryClient registry,
            String agent,
            String groupId,
            ManagedNodes nodes,
            Optional<byte[]> token) {
        this(
                new KafkaConsumer<>(commandConfig(cluster, groupId, agent)),
                new KafkaConsumer<>(
                        cluster.consumerConfig(groupId + "-ledger", "numbat-action-ledger-" + agent, "earliest"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                new KafkaProducer<>(
                        cluster.producerConfig("numbat-commands-" + agent),
                        new StringSerializer(),
                        new ByteArraySerializer()),
                registry,
                agent,
                nodes,
                token,
                Clock.systemUTC());
    }

    /** For tests: any consumers and producer (MockConsumer, MockProducer). */
    CommandService(
            Consumer<byte[], byte[]> commands,
            Consumer<byte[], byte[]> ledgerReader,
            Producer<String, byte[]> producer,
            SchemaRegistryClient registry,
            String agent,
            ManagedNodes nodes,
            Optional<byte[]> token,
            Clock clock) {
        this.commands = commands;
        this.ledgerReader = ledgerReader;
        this.producer = producer;
        this.queries = Topics.NODE_QUERIES.valueSerde(registry).deserializer();
        this.actions = Topics.ACTIONS.valueSerde(registry).deserializer();
        this.actionResults = Topics.ACTION_RESULTS.valueSerde(registry).deserializer();
        this.actionResultWriter = Topics.ACTION_RESULTS.valueSerde(registry).serializer();
        this.queryResultWriter = Topics.NODE_QUERY_RESULTS.valueSerde(registry).serializer();
        this.deadLetterWriter = Topics.DEAD_LETTERS.valueSerde(registry).serializer();
        this.handler = new CommandHandler(agent, nodes, token, ledger, new KafkaResults(), clock);
        this.thread = new Thread(this::run, "numbat-commands");
        this.thread.setDaemon(true);
    }

    private static Map<String, Object> commandConfig(ClusterConnection cluster, String groupId, String agent) {
        Map<String, Object> c = cluster.consumerConfig(groupId, "numbat-commands-" + agent, "latest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        return c;
    }

    public CommandService start() {
        thread.start();
        return this;
    }

    /** True once the ledger is read and commands are being consumed. */
    public boolean ready() {
        return ready;
    }

    ActionLedger ledger() {
        return ledger;
    }

    CommandHandler handlerForTest() {
        return handler;
    }

    private void run() {
        try {
            loadLedger();
            commands.subscribe(List.of(Topics.NODE_QUERIES.name(), Topics.ACTIONS.name()));
            ready = true;
            while (running) {
                pollOnce(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("operator commands: woken up unexpectedly; no longer answering", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("operator commands: stopped answering: {}", e.toString(), e);
        }
    }

    /** Reads {@code numbat.action-results} from the beginning to its current end into the ledger. */
    void loadLedger() {
        List<TopicPartition> partitions = ledgerReader.partitionsFor(Topics.ACTION_RESULTS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        ledgerReader.assign(partitions);
        ledgerReader.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = ledgerReader.endOffsets(partitions);
        long read = 0;
        while (running && partitions.stream().anyMatch(tp -> ledgerReader.position(tp) < end.get(tp))) {
            for (ConsumerRecord<byte[], byte[]> r : ledgerReader.poll(Duration.ofMillis(500))) {
                if (r.value() == null) {
                    continue;
                }
                try {
                    ledger.record(actionResults.deserialize(r.topic(), r.value()));
                    read++;
                } catch (RuntimeException e) {
                    LOG.warn("{}-{}@{}: unreadable action result skipped: {}", r.topic(), r.partition(), r.offset(), e);
                }
            }
        }
        ledgerReader.close(Duration.ofSeconds(5));
        LOG.info("operator commands: {} earlier action results read; answering commands", read);
    }

    /** One poll: answers every command it returns and commits what was answered. */
    void pollOnce(Duration timeout) throws InterruptedException {
        ConsumerRecords<byte[], byte[]> records = commands.poll(timeout);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        boolean retry = false;
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                try {
                    handle(r);
                } catch (Exception e) {
                    // its EXECUTING result could not be written: not carried out; read it again after a pause
                    LOG.warn(
                            "{}-{}@{}: action not carried out yet ({}); retrying in {} s",
                            r.topic(),
                            r.partition(),
                            r.offset(),
                            e.toString(),
                            RETRY_PAUSE.toSeconds());
                    commands.seek(tp, r.offset());
                    retry = true;
                    break;
                }
                done.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
        }
        if (!done.isEmpty()) {
            commands.commitSync(done);
        }
        if (retry) {
            TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE.toMillis());
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) throws Exception {
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        if (key == null || key.isBlank()) {
            deadLetter(r, new IllegalArgumentException("no key: a command is keyed by the node it is for"));
            return;
        }
        if (!handler.watches(key)) {
            return; // another agent's node
        }
        boolean isAction = r.topic().equals(Topics.ACTIONS.name());
        Object value;
        try {
            value = r.value() == null
                    ? null
                    : isAction ? actions.deserialize(r.topic(), r.value()) : queries.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            deadLetter(r, e);
            return;
        }
        if (value == null) {
            deadLetter(r, new IllegalArgumentException("no value"));
        } else if (value instanceof OperatorAction a) {
            if (valid(r, key, a.getNode(), a.getRequestId())) {
                handler.act(a);
            }
        } else if (value instanceof NodeQuery q && valid(r, key, q.getNode(), q.getRequestId())) {
            handler.query(q);
        }
    }

    private boolean valid(ConsumerRecord<byte[], byte[]> r, String key, String node, String requestId) {
        if (!key.equals(node)) {
            deadLetter(r, new IllegalArgumentException("the key '" + key + "' and the node '" + node + "' differ"));
            return false;
        }
        if (requestId == null || requestId.isBlank()) {
            deadLetter(r, new IllegalArgumentException("no request id: the answer could not be keyed"));
            return false;
        }
        return true;
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, Exception error) {
        LOG.warn(
                "{}-{}@{}: unreadable command sent to {}: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                Topics.DEAD_LETTERS.name(),
                error.getMessage());
        DeadLetter letter = DeadLetters.of(
                COMPONENT, r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), error);
        producer.send(
                new ProducerRecord<>(
                        Topics.DEAD_LETTERS.name(),
                        r.topic(),
                        deadLetterWriter.serialize(Topics.DEAD_LETTERS.name(), letter)),
                (md, e) -> {
                    if (e != null) {
                        LOG.error("{}-{}@{}: dead letter NOT written: {}", r.topic(), r.partition(), r.offset(), e);
                    }
                });
    }

    /** The handler's answers, written with this service's producer. */
    private final class KafkaResults implements CommandHandler.Results {
        @Override
        public void durable(ActionResult result) throws Exception {
            producer.send(new ProducerRecord<>(
                            Topics.ACTION_RESULTS.name(),
                            result.getRequestId(),
                            actionResultWriter.serialize(Topics.ACTION_RESULTS.name(), result)))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void answer(NodeQueryResult result) {
            producer.send(
                    new ProducerRecord<>(
                            Topics.NODE_QUERY_RESULTS.name(),
                            result.getRequestId(),
                            queryResultWriter.serialize(Topics.NODE_QUERY_RESULTS.name(), result)),
                    (md, e) -> {
                        if (e != null) {
                            LOG.warn("answer to query {} not written: {}", result.getRequestId(), e.toString());
                        }
                    });
            producer.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        commands.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            commands.close(Duration.ofSeconds(5));
        }
        producer.close(Duration.ofSeconds(5));
    }
}
