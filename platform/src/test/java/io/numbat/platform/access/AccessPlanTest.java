package io.numbat.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.topic.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessPlanTest {
    private final List<String> commands = new AccessPlan("User:numbat-").commands("b:9092", 3);

    @Test
    void createsEveryTopicWithReplicationAndMinIsr() {
        for (var t : Topics.all()) {
            assertThat(commands)
                    .anySatisfy(c -> assertThat(c)
                            .contains("--topic " + t.name() + " ")
                            .contains("--partitions " + t.partitions())
                            .contains("--replication-factor 3")
                            .contains("min.insync.replicas=2")
                            .contains("cleanup.policy=" + t.cleanupPolicy().configValue()));
        }
    }

    @Test
    void theAgentWritesMetricsNodeEventsAndAnswersAndReadsOnlyOperatorCommands() {
        List<String> agent = commands.stream()
                .filter(c -> c.contains("User:numbat-agent ") && c.contains("--topic"))
                .toList();
        assertThat(agent).hasSize(2);
        assertThat(agent.get(0))
                .contains("--operation Write")
                .doesNotContain("--operation Read")
                .contains("--topic numbat.metrics")
                .contains("--topic numbat.node-events")
                .contains("--topic numbat.action-results")
                .doesNotContain("numbat.alarms")
                .doesNotContain("--topic numbat.actions ");
        assertThat(agent.get(1))
                .contains("--operation Read")
                .doesNotContain("--operation Write")
                .contains("--topic numbat.node-queries")
                .contains("--topic numbat.actions")
                .doesNotContain("numbat.metrics");
        assertThat(commands)
                .anyMatch(c -> c.contains("User:numbat-agent --operation Read --group numbat-agent-commands"));
    }

    @Test
    void theConsoleWritesOnlyAcknowledgementsDeadLettersAndOperatorCommands() {
        assertThat(commands.stream().filter(c -> c.contains("User:numbat-console ") && c.contains("--operation Write")))
                .singleElement()
                .satisfies(c -> assertThat(c)
                        .contains("--topic numbat.alarm-acks")
                        .contains("--topic numbat.dead-letters")
                        .contains("--topic numbat.node-queries")
                        .contains("--topic numbat.actions")
                        .contains("--topic numbat.remediation-commands")
                        .doesNotContain("--topic numbat.alarms ")
                        .doesNotContain("--topic numbat.remediations ")
                        .doesNotContain("--topic numbat.action-results"));
        assertThat(commands.stream().filter(c -> c.contains("User:numbat-console ") && c.contains("--operation Read")))
                .anySatisfy(c -> assertThat(c)
                        .contains("--topic numbat.node-query-results")
                        .contains("--topic numbat.action-results")
                        .contains("--topic numbat.remediations")
                        .contains("--topic numbat.anomaly-scores"));
    }

    @Test
    void theProcessorReadsDeploymentsAndRemediationCommandsAndWritesRemediations() {
        assertThat(commands.stream()
                        .filter(c -> c.contains("User:numbat-stream-processor ") && c.contains("--operation Read")))
                .anySatisfy(c -> assertThat(c)
                        .contains("--topic numbat.deployments")
                        .contains("--topic numbat.remediation-commands")
                        .doesNotContain("--topic numbat.remediations ")
                        .doesNotContain("--topic numbat.actions"));
        assertThat(commands.stream()
                        .filter(c -> c.contains("User:numbat-stream-processor ") && c.contains("--operation Write")))
                .anySatisfy(c -> assertThat(c)
                        .contains("--topic numbat.remediations")
                        .contains("--topic numbat.scaling-decisions")
                        .contains("--topic numbat.actions") // the GC playbook's node actions
                        .doesNotContain("--topic numbat.deployments")
                        .doesNotContain("--topic numbat.remediation-commands"));
    }

    @Test
    void silencesAreWrittenByTheConsoleOnlyAndReadByTheProcessorAndEveryChangeIsAudited() {
        assertThat(commands.stream().filter(c -> c.contains("User:numbat-console ") && c.contains("--operation Write")))
                .singleElement()
                .satisfies(c ->
                        assertThat(c).contains("--topic numbat.silences").contains("--topic numbat.operator-changes"));
        assertThat(commands.stream()
                        .filter(c -> c.contains("User:numbat-stream-processor ") && c.contains("--operation Read")))
                .anySatisfy(c -> assertThat(c).contains("--topic numbat.silences"));
        assertThat(commands.stream()
                        .filter(c -> c.contains("User:numbat-stream-processor ") && c.contains("--operation Write")))
                .allSatisfy(c -> assertThat(c).doesNotContain("--topic numbat.silences"));
        assertThat(commands.stream()
                        .filter(c -> c.contains("User:numbat-deployer ") && c.contains("--operation Write")))
                .singleElement()
                .satisfies(c -> assertThat(c)
                        .contains("--topic numbat.operator-changes")
                        .doesNotContain("--topic numbat.silences"));
    }

    @Test
    void theAlertForwarderOnlyReadsAlarmsAndSilencesAndNeedsNoGroup() {
        List<String> alerts =
                commands.stream().filter(c -> c.contains("User:numbat-alerts ")).toList();
        assertThat(alerts)
                .singleElement()
                .satisfies(c -> assertThat(c)
                        .contains("--operation Read")
                        .contains("--operation Describe")
                        .doesNotContain("--operation Write")
                        .contains("--topic numbat.alarms")
                        .contains("--topic numbat.silences")
                        .doesNotContain("--group"));
        assertThat(new AccessPlan("User:numbat-").aclBindings())
                .filteredOn(b -> b.entry().principal().equals("User:numbat-alerts"))
                .extracting(b -> b.pattern().resourceType() + " " + b.pattern().name() + " "
                        + b.entry().operation())
                .containsExactlyInAnyOrder(
                        "TOPIC numbat.alarms READ",
                        "TOPIC numbat.alarms DESCRIBE",
                        "TOPIC numbat.silences READ",
                        "TOPIC numbat.silences DESCRIBE");
        assertThat(AccessPlan.components()).contains("alerts");
    }

    @Test
    void theProcessorReadsTheAlarmsItCountsOnItsMetrics() {
        assertThat(commands.stream()
                        .filter(c -> c.contains("User:numbat-stream-processor ") && c.contains("--operation Read")))
                .anySatisfy(c -> assertThat(c).contains("--topic numbat.alarms"));
    }
}
