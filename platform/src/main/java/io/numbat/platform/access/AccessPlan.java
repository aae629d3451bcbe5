package io.numbat.platform.access;

import io.numbat.schemas.topic.Topic;
import io.numbat.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an existing cluster needs for Numbat: its topics, and least-privilege ACLs with one principal
 * per component (the agent only writes metrics and node events, the console only reads and writes
 * acknowledgements, ...), printed as {@code kafka-topics.sh} and {@code kafka-acls.sh} commands.
 */
public final class AccessPlan {
    /** One grant: a principal may do these operations on these topics (or on a prefix). */
    public record Grant(String component, List<String> operations, List<String> topics, boolean prefixed) {
    }

    private final String principalPrefix;

    public AccessPlan(String principalPrefix) {
        this.principalPrefix = principalPrefix;
    }

    public static List<Grant> grants() {
        List<Grant> g = new ArrayList<>();
        g.add(new Grant("agent", List.of("Write", "Describe"), names(Topics.METRICS, Topics.NODE_EVENTS), false));
        g.add(new Grant("stream-processor", List.of("Read", "Describe"), names(Topics.METRICS), false));
        g.add(new Grant("stream-processor", List.of("Write", "Describe"), names(Topics.TRENDS, Topics.FORECASTS,
                Topics.ALARMS, Topics.SCALING_DECISIONS, Topics.DEAD_LETTERS), false));
        g.add(new Grant("stream-processor", List.of("All"), List.of("numbat-stream-processor"), true));
        g.add(new Grant("deployer", List.of("Read", "Describe"), names(Topics.SCALING_DECISIONS, Topics.METRICS,
                Topics.DEPLOYMENTS), false));
        g.add(new Grant("deployer", List.of("Write", "Describe"), names(Topics.DEPLOYMENTS, Topics.DEAD_LETTERS,
                Topics.SCALING_DECISIONS), false));
        g.add(new Grant("console", List.of("Read", "Describe"), names(Topics.METRICS, Topics.NODE_EVENTS, Topics.TRENDS,
                Topics.FORECASTS, Topics.ALARMS, Topics.ALARM_ACKS, Topics.SCALING_DECISIONS, Topics.DEPLOYMENTS), false));
        g.add(new Grant("console", List.of("Write", "Describe"), names(Topics.ALARM_ACKS), false));
        return g;
    }

    /** Consumer groups per component (prefixed), for the Read-on-group ACL. */
    private static String group(String component) {
        return switch (component) {
            case "stream-processor" -> "numbat-stream-processor";
            case "deployer" -> "numbat-deployer";
            default -> null;
        };
    }

    private static List<String> names(Topic<?, ?>... topics) {
        List<String> out = new ArrayList<>();
        for (Topic<?, ?> t : topics) {
            out.add(t.name());
        }
        return out;
    }

    /** The commands, one per line, against {@code bootstrap}, creating topics with {@code replication}. */
    public List<String> commands(String bootstrap, int replication) {
        List<String> out = new ArrayList<>();
        out.add("# topics (existing ones are left alone)");
        for (Topic<String, ?> t : Topics.all()) {
            out.add(String.format(Locale.ROOT, "kafka-topics.sh --bootstrap-server %s --create --if-not-exists --topic %s "
                            + "--partitions %d --replication-factor %d --config cleanup.policy=%s --config min.insync.replicas=%d",
                    bootstrap, t.name(), t.partitions(), replication, t.cleanupPolicy().configValue(), Math.max(1, replication - 1)));
        }
        out.add("# ACLs: one principal per component, least privilege");
        for (Grant g : grants()) {
            StringBuilder c = new StringBuilder("kafka-acls.sh --bootstrap-server " + bootstrap + " --add --allow-principal "
                    + principalPrefix + g.component());
            g.operations().forEach(op -> c.append(" --operation ").append(op));
            g.topics().forEach(t -> c.append(" --topic ").append(t));
            if (g.prefixed()) {
                c.append(" --group ").append(g.topics().get(0)).append(" --resource-pattern-type prefixed");
            }
            out.add(c.toString());
        }
        for (String component : List.of("stream-processor", "deployer")) {
            out.add("kafka-acls.sh --bootstrap-server " + bootstrap + " --add --allow-principal " + principalPrefix + component
                    + " --operation Read --group " + group(component) + " --resource-pattern-type prefixed");
        }
        return out;
    }
}
