package io.numbat.agent.erlang;

import io.numbat.agent.collect.Collector;
import io.numbat.schemas.Sample;
import java.util.List;
import java.util.Optional;

/** What a {@link NodeWatcher} needs from a node's collector: {@link ErlangCollector}, or a fake in tests. */
interface WatchedNode extends Collector {
    /** Connects; versions and limits, or an exception whose message names the node (never the cookie). */
    NodeInfo connect() throws ErlangRpcException;

    boolean connected();

    /** A cheap round trip; false (and disconnected) if the node did not answer. */
    boolean ping();

    Optional<NodeInfo> info();

    List<Sample> limits();

    String lastFailure();

    /** The node's log events received since the last call (during calls to the node), oldest first. */
    default List<LogEvent> takeLogEvents() {
        return List.of();
    }
}
