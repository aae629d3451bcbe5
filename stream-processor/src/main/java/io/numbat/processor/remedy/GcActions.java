package io.numbat.processor.remedy;

import io.numbat.schemas.ActionKind;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.manage.ActionSignature;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns the GC playbook's {@link GcRequest}s into the Manage issue's node action: an {@link OperatorAction} GC of
 * the whole node (pid null), keyed and addressed by the node as its agent knows it, its request id the remediation's
 * ({@code <id>/gc}, so a redelivered request is the same request, which the agent runs at most once), {@code who}
 * {@value #WHO}, a deadline {@link #DEADLINE} ahead, signed with the operator token the agents check. Holds the
 * token, which it never prints.
 */
public final class GcActions {
    /** Who asks, in the action's audit record. */
    public static final String WHO = "numbat-remediation";
    /** An agent does not carry the action out after this. */
    public static final Duration DEADLINE = Duration.ofSeconds(60);

    private final byte[] token;

    /** @param token the operator token (the first line of the file the agents and {@code numbat action} read) */
    public GcActions(byte[] token) {
        if (token == null || token.length == 0) {
            throw new IllegalArgumentException("the operator token is empty");
        }
        this.token = token.clone();
    }

    /** The signed action that asks {@code g}'s node for a garbage collection at {@code nowMillis}. */
    public OperatorAction action(GcRequest g, long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        return ActionSignature.signed(
                OperatorAction.newBuilder()
                        .setRequestId(g.requestId())
                        .setWho(WHO)
                        .setTimestamp(now)
                        .setNode(g.agentNode())
                        .setPid(null)
                        .setAction(ActionKind.GC)
                        .setReason(g.reason())
                        .setDryRun(false)
                        .setDeadline(now.plus(DEADLINE))
                        .build(),
                token);
    }

    @Override
    public String toString() {
        return "GcActions[operator token hidden]";
    }
}
