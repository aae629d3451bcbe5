package io.numbat.deployer.provider;

import java.nio.file.Path;

/**
 * Told when a provider has launched or stopped an Erlang node, so that an agent can watch it and its
 * metrics flow. The platform implements it with the Erlang agent; providers call it from a worker
 * thread and ignore (but log) what it throws.
 */
public interface NodeAttacher {
    /** Attaches nothing: for tests and for providers whose nodes report by themselves. */
    NodeAttacher NONE = new NodeAttacher() {
        @Override
        public void attached(String node, String family, String fullNodeName, Path cookieFile) {}

        @Override
        public void detached(String node) {}
    };

    /** Numbat node {@code node} of {@code family} runs as the Erlang node {@code fullNodeName} (e.g. {@code web-7@host}). */
    void attached(String node, String family, String fullNodeName, Path cookieFile);

    /** Numbat node {@code node} was stopped (also said for nodes never attached, e.g. commands: ignore those). */
    void detached(String node);
}
