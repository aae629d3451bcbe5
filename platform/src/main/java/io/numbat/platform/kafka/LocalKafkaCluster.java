package io.numbat.platform.kafka;

import io.numbat.platform.PlatformException;
import io.numbat.platform.security.BrokerTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster of N brokers on loopback, each a child JVM with its own data directory under
 * {@code dataDir/broker-<id>}. Every broker is also a controller: with three, the KRaft quorum
 * survives the loss of any one of them, which a single dedicated controller would not (it would be
 * the one machine the cluster cannot lose). Topics default to replication factor min(3, N) and
 * {@code min.insync.replicas} one less, so with three brokers an acknowledged write ({@code acks=all})
 * is on at least two of them. Ports and data survive restarts of the cluster and of single brokers.
 */
public final class LocalKafkaCluster implements KafkaBrokers {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path dataDir;
    private final List<BrokerProcess> brokers = new ArrayList<>();
    private final BrokerTls tls;
    private final List<String> internal = new ArrayList<>();

    /**
     * @param dataDir where the brokers' logs and metadata live; created if missing
     * @param size number of brokers (and controllers), at least 1
     * @param firstPort client port of broker 1 (the others follow); 0 picks free ones
     */
    public LocalKafkaCluster(Path dataDir, int size, int firstPort) {
        this(dataDir, size, firstPort, null);
    }

    /**
     * As above; with {@code tls} every broker is secured as {@link BrokerTls} describes (clients on
     * SASL_SSL, the brokers among themselves and to the controllers with mutual TLS).
     */
    public LocalKafkaCluster(Path dataDir, int size, int firstPort, BrokerTls tls) {
        this.tls = tls;
        if (size < 1) {
            throw new IllegalArgumentException("--brokers must be at least 1, was " + size);
        }
        this.dataDir = dataDir;
        DataDirs.prepareWritable(dataDir);
        int[] ports = new int[size];
        int[] controllerPorts = new int[size];
        int[] internalPorts = new int[size];
        for (int i = 0; i < size; i++) {
            Properties previous = KraftNodeFiles.previousConfig(nodeDir(i + 1));
            int port = EmbeddedKafka.portOf(previous, tls == null ? "PLAINTEXT" : "SASL_SSL");
            int controller = EmbeddedKafka.portOf(previous, "CONTROLLER");
            int internalPort = EmbeddedKafka.portOf(previous, "INTERNAL");
            if (tls != null) {
                internalPorts[i] = internalPort == 0
                        ? FreePorts.pick()
                        : FreePorts.requireFree(internalPort, "Kafka broker " + (i + 1) + "'s internal listener");
                internal.add("127.0.0.1:" + internalPorts[i]);
            }
            int wanted = port != 0 ? port : firstPort == 0 ? 0 : firstPort + i;
            ports[i] = wanted == 0 ? FreePorts.pick() : FreePorts.requireFree(wanted, "Kafka broker " + (i + 1));
            controllerPorts[i] = controller == 0
                    ? FreePorts.pick()
                    : FreePorts.requireFree(controller, "Kafka controller " + (i + 1));
        }
        String voters = IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i])
                .collect(Collectors.joining(","));
        String clusterId = null;
        for (int i = 0; i < size; i++) {
            int id = i + 1;
            Path dir = nodeDir(id);
            DataDirs.prepareWritable(dir);
            Properties props =
                    brokerProperties(id, ports[i], controllerPorts[i], voters, KraftNodeFiles.logDir(dir), size);
            if (tls != null) {
                props.putAll(tls.brokerProperties(ports[i], internalPorts[i], controllerPorts[i]));
            }
            Path config = KraftNodeFiles.writeConfig(dir, props);
            if (!KraftNodeFiles.formatted(dir)) {
                clusterId = clusterId != null
                        ? clusterId
                        : existingClusterId().orElse(Uuid.randomUuid().toString());
                KraftNodeFiles.format(dir, config, clusterId);
            }
            brokers.add(new BrokerProcess(id, config, dir.resolve("broker.log"), "127.0.0.1:" + ports[i]));
        }
    }

    private Path nodeDir(int id) {
        return dataDir.resolve("broker-" + id);
    }

    private Optional<String> existingClusterId() {
        for (int id = 1; Files.isDirectory(nodeDir(id)); id++) {
            Optional<String> found = KraftNodeFiles.clusterId(nodeDir(id));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    static Properties brokerProperties(int id, int port, int controllerPort, String voters, Path logDir, int size) {
        int rf = Math.min(3, size);
        String minIsr = String.valueOf(Math.max(1, rf - 1));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(id));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", String.valueOf(rf));
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", String.valueOf(rf));
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", String.valueOf(rf));
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(rf));
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", "4194304");
        p.put("auto.create.topics.enable", "false");
        // a killed broker is noticed within 6 s (default 9 s) and rejoins without an unclean election
        p.put("broker.session.timeout.ms", "6000");
        p.put("unclean.leader.election.enable", "false");
        return p;
    }

    /** Starts every broker and waits until all have joined the cluster. */
    public LocalKafkaCluster start() throws InterruptedException {
        long t0 = System.nanoTime();
        brokers.forEach(BrokerProcess::start);
        awaitBrokers(brokers.size());
        LOG.info(
                "Kafka cluster of {} brokers up on {} in {} ms",
                brokers.size(),
                bootstrapServers(),
                (System.nanoTime() - t0) / 1_000_000);
        return this;
    }

    /** Waits until {@code count} brokers are registered and unfenced. */
    public void awaitBrokers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        Properties adminConfig = tls == null ? new Properties() : tls.internalClientProperties();
        adminConfig.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                tls == null ? bootstrapServers() : internalBootstrapServers());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(adminConfig)) {
            while (System.nanoTime() < deadline) {
                try {
                    int seen = admin.describeCluster()
                            .nodes()
                            .get(10, TimeUnit.SECONDS)
                            .size();
                    if (seen >= count) {
                        return;
                    }
                    last = seen + " of " + count + " brokers registered";
                } catch (ExecutionException | TimeoutException e) {
                    last = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e);
                }
                for (BrokerProcess b : brokers) {
                    if (b.pid() > 0 && !b.alive()) {
                        throw new PlatformException("Kafka broker " + b.nodeId() + " exited during start-up; see "
                                + nodeDir(b.nodeId()).resolve("broker.log"));
                    }
                }
                Thread.sleep(500);
            }
        }
        throw new PlatformException("Kafka cluster on " + bootstrapServers() + " not ready within "
                + READY_TIMEOUT.toSeconds() + " s: " + last);
    }

    @Override
    public String bootstrapServers() {
        return brokers.stream().map(BrokerProcess::bootstrapServer).collect(Collectors.joining(","));
    }

    /** The brokers' mutual-TLS listeners (secured clusters only), for setting up users and ACLs. */
    public String internalBootstrapServers() {
        if (tls == null) {
            throw new IllegalStateException("an unsecured cluster has no internal listeners");
        }
        return String.join(",", internal);
    }

    @Override
    public int size() {
        return brokers.size();
    }

    /** Kills broker {@code id} (1-based) with SIGKILL. */
    public void kill(int id) throws InterruptedException {
        broker(id).kill();
    }

    /** Starts broker {@code id} again on its data and waits until the whole cluster is back. */
    public void restart(int id) throws InterruptedException {
        broker(id).start();
        awaitBrokers(brokers.size());
    }

    private BrokerProcess broker(int id) {
        if (id < 1 || id > brokers.size()) {
            throw new IllegalArgumentException("no broker " + id + " in a cluster of " + brokers.size());
        }
        return brokers.get(id - 1);
    }

    /**
     * Stops every broker: SIGTERM to all at once (one at a time, the last ones would wait for a
     * controller quorum that is already gone), SIGKILL to any still running 15 s later.
     */
    @Override
    public void close() {
        brokers.forEach(BrokerProcess::signalStop);
        for (BrokerProcess b : brokers) {
            try {
                b.awaitStop(15);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
