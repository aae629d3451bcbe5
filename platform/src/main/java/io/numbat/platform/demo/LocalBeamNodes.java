package io.numbat.platform.demo;

import io.numbat.agent.erlang.Cookie;
import io.numbat.agent.erlang.ErlangAgent;
import io.numbat.agent.erlang.ErlangSettings;
import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.NodeEventPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.platform.ErlangParentWatch;
import io.numbat.platform.PlatformException;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's real BEAM nodes ({@code --provider local}): {@code erl} nodes started on this machine
 * and watched by the Erlang collector, in family {@code beam}. Until the deployer's local provider
 * exists, the demo starts them itself; scale-outs still go to the simulated provider.
 */
public final class LocalBeamNodes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBeamNodes.class);
    /** The nodes halt when this JVM is gone, even killed with SIGKILL. */
    private static final String[] ENDS_WITH_THIS_JVM =
            ErlangParentWatch.erlArgs().toArray(String[]::new);

    private final List<LocalErlangNode> nodes;
    private final MetricPublisher metrics;
    private final NodeEventPublisher events;
    private final ErlangAgent agent;

    private LocalBeamNodes(
            List<LocalErlangNode> nodes, MetricPublisher metrics, NodeEventPublisher events, ErlangAgent agent) {
        this.nodes = nodes;
        this.metrics = metrics;
        this.events = events;
        this.agent = agent;
    }

    public static LocalBeamNodes start(
            int count, ClusterConnection cluster, SchemaRegistryClient registry, Path dataDir, Duration interval)
            throws InterruptedException {
        LocalErlangNode.unavailableReason().ifPresent(reason -> {
            throw new PlatformException("--provider local needs real Erlang nodes: " + reason);
        });
        String cookie = "numbat-demo-" + UUID.randomUUID();
        List<LocalErlangNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                nodes.add(LocalErlangNode.start("beam" + (i + 1), cookie, ENDS_WITH_THIS_JVM));
            }
        } catch (IOException e) {
            nodes.forEach(LocalErlangNode::close);
            throw new PlatformException("cannot start erl nodes: " + e.getMessage(), e);
        }
        MetricPublisher metrics = new MetricPublisher(
                cluster,
                registry,
                "demo-beam-agent@localhost",
                SpoolSettings.defaults(dataDir.resolve("beam-spool")),
                Duration.ofSeconds(10),
                Clock.systemUTC());
        NodeEventPublisher events = new NodeEventPublisher(cluster, registry, "demo-beam-agent@localhost");
        ErlangAgent agent = new ErlangAgent(
                nodes.stream().map(LocalErlangNode::name).toList(),
                "beam",
                Cookie.of(cookie),
                ErlangSettings.defaults(interval),
                metrics,
                events);
        LOG.info(
                "{} real erl nodes in family beam: {}",
                count,
                nodes.stream().map(LocalErlangNode::name).toList());
        return new LocalBeamNodes(nodes, metrics, events, agent);
    }

    @Override
    public void close() {
        agent.close();
        events.close();
        metrics.close();
        nodes.forEach(LocalErlangNode::close);
    }
}
