package io.numbat.deployer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class OwnershipTest {
    @Test
    void aFamilyGoesToThePartitionTheProducersDefaultPartitionerPicksForItsKey() {
        for (String family : List.of("web", "db", "queue", "cache", "edge", "beam")) {
            for (int partitions : new int[] {1, 3, 12}) {
                assertThat(Ownership.partitionOf(family, partitions))
                        .as(family + " of " + partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(
                                family.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void ownsTheFamiliesOfItsAssignedPartitionsUntilTheyAreRevoked() {
        Ownership o = new Ownership(3);
        String family = "web";
        int p = o.partitionOf(family);
        assertThat(o.owns(family)).as("nothing before the first assignment").isFalse();

        o.assign(List.of(p));
        assertThat(o.owns(family)).isTrue();
        o.assign(List.of((p + 1) % 3));
        assertThat(o.owned()).containsExactlyInAnyOrder(p, (p + 1) % 3);
        o.revoke(List.of(p));
        assertThat(o.owns(family)).isFalse();
        assertThat(o.isIn(family, List.of(p))).isTrue();
    }

    @Test
    void refusesATopicWithoutPartitions() {
        assertThatThrownBy(() -> new Ownership(0)).hasMessageContaining("at least one partition");
    }
}
