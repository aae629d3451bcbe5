package io.numbat.agent.manage;

/** A query or action a node could not carry out; the message names the node and says why, for the operator. */
public final class NodeCommandException extends Exception {
    private static final long serialVersionUID = 1L;

    public NodeCommandException(String message) {
        super(message);
    }
}
