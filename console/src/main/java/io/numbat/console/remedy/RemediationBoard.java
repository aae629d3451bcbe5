package io.numbat.console.remedy;

import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each remediation's latest state, keyed by its id as on the compacted {@code numbat.remediations}: the last
 * record read for an id is its state, a tombstone forgets it. Keeps at most {@code max} remediations; past that
 * the one updated least recently is forgotten (and counted). Not thread-safe: the console's context owns it.
 */
public final class RemediationBoard {
    public static final int DEFAULT_MAX = 20_000;

    /** Newest first: by creation time, then id (a retry {@code <id>#2} after its first attempt). */
    public static final Comparator<Remediation> NEWEST_FIRST = Comparator.comparing(Remediation::getCreatedAt)
            .thenComparing(Remediation::getId)
            .reversed();

    private final int max;
    private final Map<String, Remediation> byId;
    private long dropped;

    public RemediationBoard() {
        this(DEFAULT_MAX);
    }

    public RemediationBoard(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        this.max = max;
        // access order off: an update re-inserts, so the eldest is the one updated least recently
        this.byId = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remediation> eldest) {
                if (size() > RemediationBoard.this.max) {
                    dropped++;
                    return true;
                }
                return false;
            }
        };
    }

    /** A record of {@code numbat.remediations}: the remediation's state from now on. */
    public void onRemediation(Remediation r) {
        byId.remove(r.getId());
        byId.put(r.getId(), r);
    }

    /** A tombstone for {@code id}. */
    public void remove(String id) {
        byId.remove(id);
    }

    public Optional<Remediation> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The remediations matching every filter given (null: any), newest first; {@code node} matches the node a
     * remediation acts on and its replacement.
     *
     * @param states null or empty: any state
     */
    public List<Remediation> list(String family, String node, List<RemediationState> states) {
        List<Remediation> out = new ArrayList<>();
        for (Remediation r : byId.values()) {
            if ((family == null || family.equals(r.getFamily()))
                    && (node == null || concerns(r, node))
                    && (states == null || states.isEmpty() || states.contains(r.getState()))) {
                out.add(r);
            }
        }
        out.sort(NEWEST_FIRST);
        return out;
    }

    public boolean hasFamily(String family) {
        return byId.values().stream().anyMatch(r -> family.equals(r.getFamily()));
    }

    public boolean hasNode(String node) {
        return byId.values().stream().anyMatch(r -> concerns(r, node));
    }

    /**
     * Whether {@code r} acts on {@code node} or started it as the replacement. A remediation names nodes as the
     * deployer does ({@code web-7}); the console's page of an Erlang node has its Erlang name ({@code web-7@host}).
     */
    private static boolean concerns(Remediation r, String node) {
        return isOrRuns(node, r.getNode()) || isOrRuns(node, r.getReplacementNode());
    }

    private static boolean isOrRuns(String node, String deployerNode) {
        return deployerNode != null
                && (node.equals(deployerNode)
                        || (node.length() > deployerNode.length()
                                && node.startsWith(deployerNode)
                                && node.charAt(deployerNode.length()) == '@'));
    }

    /** How many remediations are in each state now (every state, zero included). */
    public Map<RemediationState, Integer> byState() {
        Map<RemediationState, Integer> out = new EnumMap<>(RemediationState.class);
        for (RemediationState s : RemediationState.values()) {
            out.put(s, 0);
        }
        byId.values().forEach(r -> out.merge(r.getState(), 1, Integer::sum));
        return out;
    }

    public int size() {
        return byId.size();
    }

    /** Remediations forgotten because the board was full. */
    public long dropped() {
        return dropped;
    }
}
