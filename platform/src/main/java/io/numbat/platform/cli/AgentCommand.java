package io.numbat.platform.cli;

import io.numbat.agent.collect.Collector;
import io.numbat.agent.collect.CollectorLoop;
import io.numbat.agent.config.AgentConfig;
import io.numbat.agent.erlang.ClusterSpec;
import io.numbat.agent.erlang.Cookie;
import io.numbat.agent.erlang.ErlangAgent;
import io.numbat.agent.erlang.ErlangSettings;
import io.numbat.agent.erlang.FamilyPatterns;
import io.numbat.agent.erlang.JInterface;
import io.numbat.agent.host.HostCollector;
import io.numbat.agent.jvm.JvmCollector;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.NodeEventPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.platform.PlatformException;
import io.numbat.platform.metrics.ComponentMetrics;
import io.numbat.platform.metrics.PublisherMeters;
import io.numbat.schemas.config.ConfigException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code numbat agent}: watches real BEAM nodes, publishing their metrics and lifecycle events to Kafka. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description =
                "Collect real Erlang/OTP nodes over JInterface (as a hidden node), this host (OSHI) and JVMs (JMX) "
                        + "every tick: one MetricBatch per node to numbat.metrics (spooled while Kafka is away) and, for "
                        + "Erlang nodes, UP/HEARTBEAT/DOWN and the nodes' error log events (LOG) to "
                        + "numbat.node-events; print 'numbat ready'; run until Ctrl-C. "
                        + "Erlang nodes need JInterface (Debian: erlang-jinterface).")
final class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    EmbeddedOptions embedded;

    @Option(
            names = "--erlang-node",
            paramLabel = "NAME@HOST",
            description = "A node to watch (repeat the option for several nodes).")
    List<String> erlangNodes = new ArrayList<>();

    @Option(
            names = "--cookie-file",
            paramLabel = "FILE",
            description = "File whose first line is the nodes' cookie (the cookie is never logged or published).")
    Path cookieFile;

    @Option(
            names = "--family",
            paramLabel = "NAME",
            defaultValue = "beam",
            description =
                    "Family the nodes' batches carry when no --family-pattern matches (default ${DEFAULT-VALUE}).")
    String family;

    @Option(
            names = "--family-pattern",
            paramLabel = "GLOB=FAMILY",
            description = "Family by node name: a glob on the name's part before @ ('web-*=web'); repeatable, the "
                    + "first match wins, else --family.")
    List<String> familyPatterns = new ArrayList<>();

    @Option(
            names = "--discover",
            description =
                    "Also watch every node connected to the --erlang-node seeds, visible and hidden, and "
                            + "follow nodes as they join (watched within 10 s) and leave (DOWN, forgotten after --forget-after).")
    boolean discover;

    @Option(
            names = "--forget-after",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "With --discover: a node that left (down and no longer connected) is forgotten after this "
                    + "(default ${DEFAULT-VALUE}).")
    Duration forgetAfter;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML or JSON file listing the clusters to watch (seeds, cookieFile, families, interval, "
                    + "collectors, discover); instead of --erlang-node and --cookie-file. See docs/agent.md.")
    Path config;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Collection interval (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = {"--top-processes", "--top-queues"},
            paramLabel = "N",
            defaultValue = "10",
            description = "Top processes per BEAM node and tick, by reductions, by memory and by message queue "
                    + "(default ${DEFAULT-VALUE}; 0: none). --top-queues is the older name.")
    int topProcesses;

    @Option(
            names = "--log-events-per-second",
            paramLabel = "N",
            defaultValue = "10",
            description = "Error log events per BEAM node and second published as LOG node events, through a logger "
                    + "handler the agent installs on each node and removes when it stops watching it (default "
                    + "${DEFAULT-VALUE}; 0: none, the nodes' logger is left alone).")
    int logEventsPerSecond;

    @Option(names = "--host", description = "Also collect this host through OSHI (node host@<hostname>, family hosts).")
    boolean host;

    @Option(
            names = "--jvm",
            paramLabel = "JMX_URL",
            arity = "0..1",
            fallbackValue = "self",
            description = "Also collect a JVM through JMX: the agent's own without a value, or a remote one given its "
                    + "JMX service URL, e.g. service:jmx:rmi:///jndi/rmi://127.0.0.1:9010/jmxrmi (repeatable).")
    List<String> jvms = new ArrayList<>();

    @Mixin
    SpoolOptions spool;

    @Mixin
    HealthOptions healthOptions;

    @Mixin
    OperatorCommands.Options operator;

    @Override
    public Integer call() throws Exception {
        if (erlangNodes.isEmpty() && config == null && !host && jvms.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "nothing to watch: give at least one --erlang-node NAME@HOST, --config FILE, --host or --jvm");
        }
        if (config != null && (!erlangNodes.isEmpty() || cookieFile != null)) {
            throw new ParameterException(
                    spec.commandLine(), "--config lists the clusters: give it without --erlang-node and --cookie-file");
        }
        if (!erlangNodes.isEmpty() && cookieFile == null) {
            throw new ParameterException(spec.commandLine(), "--cookie-file is required with --erlang-node");
        }
        if (discover && erlangNodes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--discover needs a seed: give --erlang-node NAME@HOST");
        }
        for (String node : erlangNodes) {
            if (!node.matches("[^@\\s]+@[^@\\s]+")) {
                throw new ParameterException(spec.commandLine(), "--erlang-node must be NAME@HOST, was '" + node + "'");
            }
        }
        spool.check();
        ErlangSettings d = ErlangSettings.defaults(interval);
        if (logEventsPerSecond < 0 || logEventsPerSecond > 1000) {
            throw new ParameterException(
                    spec.commandLine(), "--log-events-per-second must be in 0..1000, was " + logEventsPerSecond);
        }
        ErlangSettings settings = new ErlangSettings(
                        interval, d.rpcTimeout(), d.connectTimeout(), d.liveness(), d.maxBackoff(), topProcesses)
                .withLogEvents(logEventsPerSecond);
        List<ClusterSpec> clusters = clusters(settings);
        for (ClusterSpec c : clusters) {
            Cookie.fromFile(c.cookieFile()); // an unreadable cookie file stops the start, naming the file
        }
        if (!clusters.isEmpty()) {
            JInterface.unavailableReason().ifPresent(reason -> {
                throw new PlatformException(reason);
            });
        }
        List<Collector> others = new ArrayList<>();
        if (host) {
            others.add(new HostCollector("host@" + hostName(), "hosts"));
        }
        for (String jvm : jvms) {
            others.add(
                    jvm.equals("self")
                            ? JvmCollector.local("jvm-agent@" + hostName(), "jvms")
                            : JvmCollector.remote(
                                    jvm, "jvm@" + jvm.replaceAll(".*//", "").replaceAll("/.*", ""), "jvms"));
        }
        return Running.serve(closer -> {
            ClusterSession session = ClusterSession.open(cluster, embedded, closer, System.out, "agent");
            SpoolSettings spoolSettings =
                    spool.settings(session.dataDir().path().resolve("spool"));
            String agent = "agent@" + hostName();
            MetricPublisher metrics = closer.add(new MetricPublisher(
                    session.connection(),
                    session.registry(),
                    agent,
                    spoolSettings,
                    Duration.ofSeconds(10),
                    Clock.systemUTC()));
            Duration stale = Duration.ofSeconds(Math.max(60, 3 * interval.toSeconds()));
            ComponentMetrics agentMetrics = new ComponentMetrics();
            PublisherMeters.bind(agentMetrics, metrics);
            PublisherMeters.bindCollectionTimes(agentMetrics, metrics.collectionTimes());
            healthOptions.serve(closer, () -> metrics.publisherHealth(stale), agentMetrics);
            if (!others.isEmpty()) {
                closer.add(new CollectorLoop(others, metrics, interval, Clock.systemUTC()));
            }
            if (!clusters.isEmpty()) {
                NodeEventPublisher events =
                        closer.add(new NodeEventPublisher(session.connection(), session.registry(), agent));
                ErlangAgent erlang = closer.add(ErlangAgent.start(clusters, metrics, events));
                List<String> seeds =
                        clusters.stream().flatMap(c -> c.seeds().stream()).toList();
                OperatorCommands.start(closer, session, agent, seeds, erlang.managedNodes(), operator);
            }
        });
    }

    /** The clusters to watch: the configuration file's, or one from --erlang-node; none without either. */
    private List<ClusterSpec> clusters(ErlangSettings settings) {
        if (config != null) {
            try {
                return AgentConfig.load(config);
            } catch (ConfigException | UncheckedIOException e) {
                throw new PlatformException(e.getMessage());
            }
        }
        if (erlangNodes.isEmpty()) {
            return List.of();
        }
        FamilyPatterns families;
        try {
            families = FamilyPatterns.parse(familyPatterns, family);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--family-pattern: " + e.getMessage());
        }
        return List.of(new ClusterSpec(
                "command-line",
                erlangNodes,
                cookieFile,
                families,
                settings,
                discover,
                forgetAfter,
                ClusterSpec.DEFAULT_EXCLUDE));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
