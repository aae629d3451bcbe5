package io.numbat.platform.access;

import io.numbat.schemas.topic.Topic;
import io.numbat.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What an existing cluster needs for Numbat: its topics, and least-privilege ACLs with one principal
 * per component (the agent only writes metrics and node events, the console only reads and writes
 * acknowledgements, ...), printed as {@code kafka-topics.sh} and {@code kafka-acls.sh} commands.
 */
public final class AccessPlan {
    /** One grant: a principal may do these operations on these topics (or on a prefix). */
    public record Grant(String component, List<String> operations, List<String> topics, boolean prefixed) {}

    private final String principalPrefix;

    public AccessPlan(String principalPrefix) {
        this.principalPrefix = principalPrefix;
    }

    public static List<Grant> grants() {
        List<Grant> g = new ArrayList<>();
        g.add(new Grant(
                "agent",
                List.of("Write", "Describe"),
                names(
                        Topics.METRICS,
                        Topics.NODE_EVENTS,
                        Topics.NODE_QUERY_RESULTS,
                        Topics.ACTION_RESULTS,
                        Topics.DEAD_LETTERS),
                false));
        // operator commands (numbat inspect, numbat action) for the nodes it watches, and its record of actions run
        g.add(new Grant(
                "agent",
                List.of("Read", "Describe"),
                names(Topics.NODE_QUERIES, Topics.ACTIONS, Topics.ACTION_RESULTS),
                false));
        g.add(new Grant(
                "stream-processor",
                List.of("Read", "Describe"),
                names(
                        Topics.METRICS,
                        Topics.SCALING_DECISIONS,
                        Topics.FAMILY_POLICIES,
                        Topics.DEPLOYMENTS,
                        Topics.REMEDIATION_COMMANDS,
                        Topics.SILENCES, // its global table: alarms are marked silenced as they are emitted
                        Topics.ALARMS), // numbat_alarms_active on its /metrics: the live alarm list, read whole
                false));
        g.add(new Grant(
                "stream-processor",
                List.of("Write", "Describe"),
                names(
                        Topics.TREND_WINDOWS,
                        Topics.FORECASTS,
                        Topics.ANOMALY_SCORES,
                        Topics.ALARMS,
                        Topics.SCALING_DECISIONS,
                        Topics.REMEDIATIONS,
                        Topics.ACTIONS, // the GC playbook's signed node actions
                        Topics.DEAD_LETTERS),
                false));
        g.add(new Grant("stream-processor", List.of("All"), List.of("numbat-stream-processor"), true));
        g.add(new Grant(
                "deployer",
                List.of("Read", "Describe"),
                names(Topics.SCALING_DECISIONS, Topics.METRICS, Topics.DEPLOYMENTS),
                false));
        g.add(new Grant(
                "deployer",
                List.of("Write", "Describe"),
                names(
                        Topics.DEPLOYMENTS,
                        Topics.DEAD_LETTERS,
                        Topics.SCALING_DECISIONS,
                        Topics.FAMILY_POLICIES,
                        Topics.OPERATOR_CHANGES), // the audit record of each policy change
                false));
        g.add(new Grant(
                "console",
                List.of("Read", "Describe"),
                names(
                        Topics.METRICS,
                        Topics.NODE_EVENTS,
                        Topics.TREND_WINDOWS,
                        Topics.FORECASTS,
                        Topics.ANOMALY_SCORES, // the node page's anomaly chart
                        Topics.ALARMS,
                        Topics.ALARM_ACKS,
                        Topics.SCALING_DECISIONS,
                        Topics.DEPLOYMENTS,
                        Topics.FAMILY_POLICIES,
                        Topics.ACTIONS,
                        Topics.ACTION_RESULTS,
                        Topics.NODE_QUERY_RESULTS,
                        Topics.REMEDIATIONS,
                        Topics.SILENCES,
                        Topics.OPERATOR_CHANGES),
                false));
        // dead letters: what it cannot read on the topics only the console reads; node queries and signed actions:
        // its process page and action buttons (Manage); verdicts: its approve and reject buttons (Prevent); silences
        // and their audit records: its silence form
        g.add(new Grant(
                "console",
                List.of("Write", "Describe"),
                names(
                        Topics.ALARM_ACKS,
                        Topics.DEAD_LETTERS,
                        Topics.NODE_QUERIES,
                        Topics.ACTIONS,
                        Topics.REMEDIATION_COMMANDS,
                        Topics.SILENCES,
                        Topics.OPERATOR_CHANGES),
                false));
        // numbat alerts: the live alarm list and the silences that mute it, read whole from their beginning by
        // assigned partitions (no consumer group, nothing committed, so no group to grant); it writes nothing
        g.add(new Grant("alerts", List.of("Read", "Describe"), names(Topics.ALARMS, Topics.SILENCES), false));
        return g;
    }

    /**
     * Consumer groups per component (prefixed), for the Read-on-group ACL; none for {@code alerts}, whose consumer
     * has no group.
     */
    private static String group(String component) {
        return switch (component) {
            case "stream-processor" -> "numbat-stream-processor";
            case "deployer" -> "numbat-deployer";
            case "console" -> "numbat-console";
            case "agent" -> "numbat-agent-commands";
            default -> null;
        };
    }

    /** The components with a principal each: {@code <prefix><component>}. */
    public static List<String> components() {
        return grants().stream().map(Grant::component).distinct().toList();
    }

    /**
     * The same grants as ACL bindings for the Admin API (the embedded secured platform creates
     * them): topics, each component's consumer groups (prefixed) and, for the stream processor,
     * its internal topics, group and transactional ids (prefixed by its application id).
     */
    public List<AclBinding> aclBindings() {
        List<AclBinding> out = new ArrayList<>();
        for (Grant g : grants()) {
            String principal = principalPrefix + g.component();
            for (String op : g.operations()) {
                AclOperation operation = AclOperation.fromString(op);
                for (String name : g.topics()) {
                    if (g.prefixed()) {
                        for (ResourceType type :
                                List.of(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID)) {
                            out.add(allow(principal, type, name, PatternType.PREFIXED, operation));
                        }
                    } else {
                        out.add(allow(principal, ResourceType.TOPIC, name, PatternType.LITERAL, operation));
                    }
                }
            }
        }
        for (String component : components()) {
            String group = group(component);
            if (group != null) {
                out.add(allow(
                        principalPrefix + component,
                        ResourceType.GROUP,
                        group,
                        PatternType.PREFIXED,
                        AclOperation.READ));
            }
        }
        return out;
    }

    private static AclBinding allow(
            String principal, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
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
            out.add(String.format(
                    Locale.ROOT,
                    "kafka-topics.sh --bootstrap-server %s --create --if-not-exists --topic %s "
                            + "--partitions %d --replication-factor %d --config cleanup.policy=%s --config min.insync.replicas=%d",
                    bootstrap,
                    t.name(),
                    t.partitions(),
                    replication,
                    t.cleanupPolicy().configValue(),
                    Math.max(1, replication - 1)));
        }
        out.add("# ACLs: one principal per component, least privilege");
        for (Grant g : grants()) {
            StringBuilder c = new StringBuilder("kafka-acls.sh --bootstrap-server " + bootstrap
                    + " --add --allow-principal " + principalPrefix + g.component());
            g.operations().forEach(op -> c.append(" --operation ").append(op));
            g.topics().forEach(t -> c.append(" --topic ").append(t));
            if (g.prefixed()) {
                c.append(" --group ").append(g.topics().get(0)).append(" --resource-pattern-type prefixed");
            }
            out.add(c.toString());
        }
        for (String component : components()) {
            if (group(component) != null) {
                out.add("kafka-acls.sh --bootstrap-server " + bootstrap + " --add --allow-principal "
                        + principalPrefix + component + " --operation Read --group " + group(component)
                        + " --resource-pattern-type prefixed");
            }
        }
        return out;
    }
}
