package io.numbat.console.manage;

import io.numbat.schemas.ActionResult;
import io.numbat.schemas.OperatorAction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each node's audit trail: its latest {@link #PER_NODE} actions with their results, joined by request id, for at
 * most {@link #MAX_NODES} nodes (the least recently used trail is forgotten first). Fed from
 * {@code numbat.actions} and {@code numbat.action-results}. Not thread-safe: the console's context owns it.
 */
public final class AuditTrail {
    public static final int PER_NODE = 50;
    public static final int MAX_NODES = 10_000;

    private final Map<String, Map<String, AuditEntry>> byNode = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, AuditEntry>> eldest) {
            return size() > MAX_NODES;
        }
    };

    public void onAction(OperatorAction a) {
        entry(a.getNode(), a.getRequestId()).action(a);
    }

    public void onResult(ActionResult r) {
        entry(r.getNode(), r.getRequestId()).result(r);
    }

    private AuditEntry entry(String node, String requestId) {
        Map<String, AuditEntry> trail = byNode.computeIfAbsent(node, n -> new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, AuditEntry> eldest) {
                return size() > PER_NODE;
            }
        });
        return trail.computeIfAbsent(requestId, AuditEntry::new);
    }

    /** The node's trail, newest request first. */
    public List<AuditEntry> forNode(String node) {
        Map<String, AuditEntry> trail = byNode.get(node);
        if (trail == null) {
            return List.of();
        }
        List<AuditEntry> out = new ArrayList<>(trail.values());
        out.sort(Comparator.comparingLong(AuditEntry::requestedAt).reversed());
        return out;
    }

    /** Whether any action for {@code node} is known. */
    public boolean hasNode(String node) {
        return byNode.containsKey(node);
    }
}
