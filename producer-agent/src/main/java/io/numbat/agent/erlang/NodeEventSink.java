package io.numbat.agent.erlang;

import io.numbat.schemas.NodeEvent;

/** Where node lifecycle events go ({@code numbat.node-events}, or a list in tests). */
@FunctionalInterface
public interface NodeEventSink {
    void publish(NodeEvent event);
}
