package io.numbat.agent.erlang;

import io.numbat.agent.fleet.BatchSink;
import io.numbat.agent.manage.ManagedNode;
import io.numbat.agent.manage.ManagedNodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Watches several BEAM nodes, one {@link NodeWatcher} each: a node that is away never holds up the others. */
public final class ErlangAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ErlangAgent.class);
    private final List<NodeWatcher> watchers = new ArrayList<>();
    private final Map<String, ManagedNode> managed = new LinkedHashMap<>();

    /**
     * Starts watching {@code nodes} (NAME@HOST each).
     *
     * @throws IllegalStateException when no usable JInterface is on the class path (the message says why)
     */
    public ErlangAgent(
            List<String> nodes,
            String family,
            Cookie cookie,
            ErlangSettings settings,
            BatchSink batches,
            NodeEventSink events) {
        JInterface.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        LOG.info("Erlang collector: JInterface from {}, watching {}", JInterface.location(), nodes);
        for (String node : nodes) {
            ErlangCollector collector = new ErlangCollector(node, family, cookie, settings);
            NodeWatcher watcher = new NodeWatcher(collector, settings, batches, events).start();
            watchers.add(watcher);
            managed.put(node, new ErlangNodeControl(watcher, collector));
        }
    }

    public List<NodeWatcher> watchers() {
        return List.copyOf(watchers);
    }

    /** The watched nodes, for the operator commands (inspect, gc, kill). */
    public ManagedNodes managedNodes() {
        return node -> Optional.ofNullable(managed.get(node));
    }

    @Override
    public void close() {
        watchers.forEach(NodeWatcher::close);
    }
}
