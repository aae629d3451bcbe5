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
    void theAgentMayOnlyWriteMetricsAndNodeEvents() {
        List<String> agent =
                commands.stream().filter(c -> c.contains("User:numbat-agent ")).toList();
        assertThat(agent).singleElement().satisfies(c -> {
            assertThat(c).contains("--operation Write").doesNotContain("--operation Read");
            assertThat(c)
                    .contains("--topic numbat.metrics")
                    .contains("--topic numbat.node-events")
                    .doesNotContain("numbat.alarms");
        });
    }

    @Test
    void theConsoleWritesOnlyAcknowledgementsAndDeadLetters() {
        assertThat(commands.stream().filter(c -> c.contains("User:numbat-console ") && c.contains("--operation Write")))
                .singleElement()
                .satisfies(c -> assertThat(c)
                        .contains("--topic numbat.alarm-acks")
                        .contains("--topic numbat.dead-letters")
                        .doesNotContain("--topic numbat.alarms "));
    }
}
