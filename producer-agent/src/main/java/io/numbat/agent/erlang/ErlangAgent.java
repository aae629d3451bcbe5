package io.numbat.agent.erlang;

import io.numbat.agent.fleet.BatchSink;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Watches several BEAM nodes, one {@link NodeWatcher} each: a node that is away never holds up the others. */
public final class ErlangAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ErlangAgent.class);
    private final List<NodeWatcher> watchers = new ArrayList<>();

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
            watchers.add(new NodeWatcher(new ErlangCollector(node, family, cookie, settings), settings, batches, events)
                    .start());
        }
    }

    public List<NodeWatcher> watchers() {
        return List.copyOf(watchers);
    }

    @Override
    public void close() {
        watchers.forEach(NodeWatcher::close);
    }
}
