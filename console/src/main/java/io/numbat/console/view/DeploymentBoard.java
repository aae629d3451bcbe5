package io.numbat.console.view;

import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deployment requests as {@code numbat.deployments} tells them: per request (the scaling decision's
 * id, or {@code family/provider} for nodes launched without one) its family, when it started and the
 * state of each of its nodes (a node belongs to the latest request that named it). Keeps the newest
 * {@code maxRequests}; one thread owns it.
 */
public final class DeploymentBoard {
    /** A request with its nodes' states; {@code nodes} is ordered by node name. */
    public record Request(String id, String family, long started, long updated, Map<String, DeploymentState> nodes) {
        /** Nodes per state, in the order of {@link DeploymentState}. */
        public Map<DeploymentState, Integer> byState() {
            Map<DeploymentState, Integer> out = new EnumMap<>(DeploymentState.class);
            nodes.values().forEach(s -> out.merge(s, 1, Integer::sum));
            return out;
        }

        /** Whether a node of it is still requested, starting or stopping. */
        public boolean inProgress() {
            return nodes.values().stream()
                    .anyMatch(s -> s == DeploymentState.REQUESTED
                            || s == DeploymentState.STARTING
                            || s == DeploymentState.STOPPING);
        }
    }

    private static final class Entry {
        final String family;
        final long started;
        long updated;
        final Map<String, DeploymentState> nodes = new TreeMap<>();

        Entry(String family, long started) {
            this.family = family;
            this.started = started;
            this.updated = started;
        }
    }

    private final int maxRequests;
    private final Map<String, Entry> requests;
    private final Map<String, String> requestOfNode = new HashMap<>();

    public DeploymentBoard(int maxRequests) {
        this.maxRequests = maxRequests;
        this.requests = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                if (size() > DeploymentBoard.this.maxRequests) {
                    eldest.getValue().nodes.keySet().forEach(n -> requestOfNode.remove(n, eldest.getKey()));
                    return true;
                }
                return false;
            }
        };
    }

    public void onDeployment(DeploymentEvent e) {
        String id = e.getDecisionId() == null || e.getDecisionId().isEmpty()
                ? e.getFamily() + "/" + e.getProvider()
                : e.getDecisionId();
        long t = e.getTimestamp().toEpochMilli();
        String before = requestOfNode.put(e.getNode(), id);
        if (before != null && !before.equals(id)) {
            Entry old = requests.get(before);
            if (old != null) {
                old.nodes.remove(e.getNode());
                if (old.nodes.isEmpty()) {
                    requests.remove(before);
                }
            }
        }
        Entry r = requests.computeIfAbsent(id, k -> new Entry(e.getFamily(), t));
        r.nodes.put(e.getNode(), e.getState());
        r.updated = Math.max(r.updated, t);
    }

    /** Forgets a node (a tombstone on the compacted topic). */
    public void remove(String node) {
        String id = requestOfNode.remove(node);
        Entry r = id == null ? null : requests.get(id);
        if (r != null) {
            r.nodes.remove(node);
            if (r.nodes.isEmpty()) {
                requests.remove(id);
            }
        }
    }

    /** The requests, those in progress first, then newest first; at most {@code limit}. */
    public List<Request> requests(int limit) {
        List<Request> out = new ArrayList<>();
        requests.forEach((id, r) -> out.add(
                new Request(id, r.family, r.started, r.updated, Collections.unmodifiableMap(new TreeMap<>(r.nodes)))));
        out.sort(Comparator.comparing((Request r) -> !r.inProgress())
                .thenComparing(Request::updated, Comparator.reverseOrder()));
        return out.subList(0, Math.min(limit, out.size()));
    }

    public int size() {
        return requests.size();
    }
}
