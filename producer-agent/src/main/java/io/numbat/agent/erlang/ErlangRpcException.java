package io.numbat.agent.erlang;

/**
 * An RPC that did not return a value. {@link #connectionLost()} tells a dead or unanswering node
 * (timeout, closed connection, refused handshake: the node is down) from a call the node answered
 * with {@code badrpc} (an unreadable value: the node is fine).
 */
public final class ErlangRpcException extends Exception {
    private final boolean connectionLost;

    ErlangRpcException(String message, boolean connectionLost) {
        super(message);
        this.connectionLost = connectionLost;
    }

    public boolean connectionLost() {
        return connectionLost;
    }
}
