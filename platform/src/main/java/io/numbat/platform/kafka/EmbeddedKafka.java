package io.numbat.platform.kafka;

import io.numbat.platform.PlatformException;
import io.numbat.platform.security.BrokerTls;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), run in-process
 * from the Maven artifacts. Its log lives under a data directory that survives restarts: a
 * formatted directory is reused with the ports it had, so records persist across
 * {@code numbat platform --data-dir} runs and a stopped broker can be started again.
 */
public final class EmbeddedKafka implements KafkaBrokers {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final BrokerTls tls;
    private final int internalPort;
    private KafkaRaftServer server;

    /**
     * @param dataDir where the log and metadata live; created if missing
     * @param port the client listener port on 127.0.0.1; 0 picks a free one
     */
    public EmbeddedKafka(Path dataDir, int port) {
        this(dataDir, port, null);
    }

    /**
     * @param tls when not null, the broker is secured (see {@link BrokerTls}): clients connect with
     *     SASL_SSL and SCRAM, and only what ACLs allow is allowed
     */
    public EmbeddedKafka(Path dataDir, int port, BrokerTls tls) {
        this.dataDir = dataDir;
        this.tls = tls;
        Properties previous = KraftNodeFiles.previousConfig(dataDir);
        int previousPort = portOf(previous, tls == null ? "PLAINTEXT" : "SASL_SSL");
        int previousControllerPort = portOf(previous, "CONTROLLER");
        int previousInternal = portOf(previous, "INTERNAL");
        this.internalPort = tls == null
                ? 0
                : previousInternal == 0
                        ? FreePorts.pick()
                        : FreePorts.requireFree(previousInternal, "the Kafka broker's internal listener");
        int wanted = port != 0 ? port : previousPort;
        this.port = wanted == 0 ? FreePorts.pick() : FreePorts.requireFree(wanted, "Kafka");
        // the controller's address is part of the formatted metadata: a reused data directory keeps it
        this.controllerPort = previousControllerPort == 0
                ? FreePorts.pick()
                : FreePorts.requireFree(previousControllerPort, "the Kafka controller of " + dataDir);
    }

    static int portOf(Properties config, String listener) {
        for (String l : config.getProperty("listeners", "").split(",")) {
            if (l.startsWith(listener + "://")) {
                return Integer.parseInt(l.substring(l.lastIndexOf(':') + 1));
            }
        }
        return 0;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public int size() {
        return 1;
    }

    /** The broker's own mutual-TLS listener (secured brokers only), for setting up users and ACLs. */
    public String internalBootstrapServers() {
        if (tls == null) {
            throw new IllegalStateException("an unsecured broker has no internal listener");
        }
        return "127.0.0.1:" + internalPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Formats the data directory if it is new, then starts the broker and waits until it is up. */
    public EmbeddedKafka start() {
        DataDirs.prepareWritable(dataDir);
        Properties props = brokerProperties(KraftNodeFiles.logDir(dataDir));
        Path configFile = KraftNodeFiles.writeConfig(dataDir, props);
        if (!KraftNodeFiles.formatted(dataDir)) {
            String clusterId = Uuid.randomUuid().toString();
            KraftNodeFiles.format(dataDir, configFile, clusterId, "--standalone");
            LOG.info("formatted new KRaft storage (cluster id {}) in {}", clusterId, dataDir);
        }
        long start = System.nanoTime();
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            close();
            throw new PlatformException(
                    "Kafka broker failed to start on " + bootstrapServers() + ": " + e.getMessage(), e);
        }
        LOG.info(
                "Kafka broker (KRaft) started on {} in {} ms, data in {}",
                bootstrapServers(),
                (System.nanoTime() - start) / 1_000_000,
                KraftNodeFiles.logDir(dataDir));
        return this;
    }

    private Properties brokerProperties(Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (tls != null) {
            p.putAll(tls.brokerProperties(port, internalPort, controllerPort));
        }
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // the default cleaner buffer puts 128 MB on the heap
        p.put("log.cleaner.dedupe.buffer.size", "4194304");
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    /** Stops the broker and waits for it; safe to call twice. */
    @Override
    public void close() {
        KafkaRaftServer s = server;
        server = null;
        if (s != null) {
            s.shutdown();
            s.awaitShutdown();
            LOG.info("Kafka broker on {} stopped", bootstrapServers());
        }
    }
}
