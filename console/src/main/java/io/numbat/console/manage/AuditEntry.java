package io.numbat.console.manage;

import io.numbat.schemas.ActionResult;
import io.numbat.schemas.OperatorAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One action in a node's audit trail: what was asked ({@code numbat.actions}, when the console read it) and what
 * became of it ({@code numbat.action-results}: the statuses in the order they arrived; the compacted topic keeps
 * only the last one for old actions).
 */
public final class AuditEntry {
    static final int MAX_RESULTS = 8;

    private final String requestId;
    private OperatorAction action;
    private final List<ActionResult> results = new ArrayList<>(2);

    AuditEntry(String requestId) {
        this.requestId = requestId;
    }

    void action(OperatorAction a) {
        action = a;
    }

    void result(ActionResult r) {
        if (results.size() == MAX_RESULTS) {
            results.remove(0);
        }
        results.add(r);
    }

    public String requestId() {
        return requestId;
    }

    /** The request as written to {@code numbat.actions}, if the console has read it. */
    public Optional<OperatorAction> action() {
        return Optional.ofNullable(action);
    }

    /** The results read so far, oldest first. */
    public List<ActionResult> results() {
        return List.copyOf(results);
    }

    /** The newest result, if any. */
    public Optional<ActionResult> last() {
        return results.isEmpty() ? Optional.empty() : Optional.of(results.get(results.size() - 1));
    }

    /** When it was asked (epoch ms), from the action or, without it, from its result. */
    public long requestedAt() {
        if (action != null) {
            return action.getTimestamp().toEpochMilli();
        }
        return last().map(r -> r.getRequestedAt().toEpochMilli()).orElse(0L);
    }
}
