package io.numbat.platform.demo;

import io.numbat.agent.erlang.Cookie;
import io.numbat.agent.erlang.ErlangAgent;
import io.numbat.agent.erlang.ErlangSettings;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.NodeEventPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.deployer.provider.NodeAttacher;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every Erlang node a {@code local} or {@code ssh} provider launches with the Erlang
 * collector (one watcher per node, over JInterface), so its metrics flow and the deployer sees it
 * RUNNING; stops watching when the node is stopped.
 */
public final class ErlangAgentAttacher implements NodeAttacher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ErlangAgentAttacher.class);

    private final MetricPublisher metrics;
    private final NodeEventPublisher events;
    private final Duration interval;
    private final Map<String, ErlangAgent> agents = new ConcurrentHashMap<>();

    public ErlangAgentAttacher(
            ClusterConnection cluster, SchemaRegistryClient registry, Path spoolDir, Duration interval) {
        this.metrics = new MetricPublisher(
                cluster,
                registry,
                "deployed-nodes-agent@localhost",
                SpoolSettings.defaults(spoolDir),
                Duration.ofSeconds(10),
                Clock.systemUTC());
        this.events = new NodeEventPublisher(cluster, registry, "deployed-nodes-agent@localhost");
        this.interval = interval;
    }

    @Override
    public void attached(String node, String family, String fullNodeName, Path cookieFile) {
        ErlangAgent agent = new ErlangAgent(
                List.of(fullNodeName),
                family,
                Cookie.fromFile(cookieFile),
                ErlangSettings.defaults(interval),
                metrics,
                events);
        ErlangAgent previous = agents.put(node, agent);
        if (previous != null) {
            previous.close();
        }
        LOG.info("watching {} ({} of family {})", fullNodeName, node, family);
    }

    @Override
    public void detached(String node) {
        ErlangAgent agent = agents.remove(node);
        if (agent != null) {
            agent.close();
            LOG.info("stopped watching {}", node);
        }
    }

    @Override
    public void close() {
        agents.values().forEach(ErlangAgent::close);
        agents.clear();
        events.close();
        metrics.close();
    }
}
