package io.numbat.platform.cli;

import io.numbat.agent.collect.Collector;
import io.numbat.agent.collect.CollectorLoop;
import io.numbat.agent.erlang.Cookie;
import io.numbat.agent.erlang.ErlangAgent;
import io.numbat.agent.erlang.ErlangSettings;
import io.numbat.agent.erlang.JInterface;
import io.numbat.agent.host.HostCollector;
import io.numbat.agent.jvm.JvmCollector;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.NodeEventPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.platform.PlatformException;
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
                        + "Erlang nodes, UP/HEARTBEAT/DOWN to numbat.node-events; print 'numbat ready'; run until Ctrl-C. "
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
            description = "Family the nodes' batches carry (default ${DEFAULT-VALUE}).")
    String family;

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
        if (erlangNodes.isEmpty() && !host && jvms.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(), "nothing to watch: give at least one --erlang-node NAME@HOST, --host or --jvm");
        }
        if (!erlangNodes.isEmpty() && cookieFile == null) {
            throw new ParameterException(spec.commandLine(), "--cookie-file is required with --erlang-node");
        }
        for (String node : erlangNodes) {
            if (!node.matches("[^@\\s]+@[^@\\s]+")) {
                throw new ParameterException(spec.commandLine(), "--erlang-node must be NAME@HOST, was '" + node + "'");
            }
        }
        spool.check();
        Cookie cookie = erlangNodes.isEmpty() ? null : Cookie.fromFile(cookieFile);
        if (!erlangNodes.isEmpty()) {
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
        ErlangSettings d = ErlangSettings.defaults(interval);
        ErlangSettings settings = new ErlangSettings(
                interval, d.rpcTimeout(), d.connectTimeout(), d.liveness(), d.maxBackoff(), topProcesses);
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
            healthOptions.serve(closer, () -> metrics.publisherHealth(stale));
            if (!others.isEmpty()) {
                closer.add(new CollectorLoop(others, metrics, interval, Clock.systemUTC()));
            }
            if (!erlangNodes.isEmpty()) {
                NodeEventPublisher events =
                        closer.add(new NodeEventPublisher(session.connection(), session.registry(), agent));
                ErlangAgent erlang =
                        closer.add(new ErlangAgent(erlangNodes, family, cookie, settings, metrics, events));
                OperatorCommands.start(closer, session, agent, erlangNodes, erlang.managedNodes(), operator);
            }
        });
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
