package io.numbat.console.manage;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Who waits for the answers keyed by request id on a result topic ({@code numbat.node-query-results},
 * {@code numbat.action-results}): every answer is offered, the ones nobody waits for (another console's, the
 * command line's) are dropped. Not thread-safe: the console's context owns it.
 *
 * @param <V> the answer record
 */
public final class Answers<V> {
    private final Map<String, Consumer<V>> waiting = new HashMap<>();

    /** Hands each answer keyed {@code requestId} to {@code each} until {@link #forget}. */
    public void expect(String requestId, Consumer<V> each) {
        waiting.put(requestId, each);
    }

    public void forget(String requestId) {
        waiting.remove(requestId);
    }

    /** An answer read from the topic. */
    public void offer(String requestId, V answer) {
        Consumer<V> c = waiting.get(requestId);
        if (c != null) {
            c.accept(answer);
        }
    }

    /** How many requests are waiting for an answer. */
    public int waiting() {
        return waiting.size();
    }
}
