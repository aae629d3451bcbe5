package io.numbat.agent.manage;

import io.numbat.schemas.ActionResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an agent knows of the actions already answered: the last result per request id, from the compacted
 * {@code numbat.action-results} read at start-up and from its own answers since. A request id found here is never
 * carried out again. Bounded (the oldest request ids are forgotten first); an action is refused after its
 * deadline anyway, so only a redelivery older than {@link #MAX_ENTRIES} newer actions could slip through, and
 * only if it were still before its deadline.
 */
public final class ActionLedger {
    /** Request ids remembered. */
    public static final int MAX_ENTRIES = 200_000;

    private final Map<String, ActionResult> results = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ActionResult> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The last result of {@code requestId}, if it was ever answered. */
    public synchronized Optional<ActionResult> get(String requestId) {
        return Optional.ofNullable(results.get(requestId));
    }

    /** Records a result (read from the topic, or about to be written to it). */
    public synchronized void record(ActionResult result) {
        results.put(result.getRequestId(), result);
    }

    public synchronized int size() {
        return results.size();
    }
}
