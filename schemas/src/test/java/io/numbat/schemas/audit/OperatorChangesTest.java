package io.numbat.schemas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.ChangeKind;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.PolicyMode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OperatorChangesTest {
    private static FamilyPolicy policy(PolicyMode mode) {
        return FamilyPolicy.newBuilder()
                .setFamily("web")
                .setMode(mode)
                .setPinnedNodes(mode == PolicyMode.PINNED ? 4 : 0)
                .setTimestamp(Instant.parse("2026-12-07T08:00:00Z"))
                .setUser("ana")
                .setReason("load test")
                .build();
    }

    @Test
    void aPolicyChangeSaysWhoWhenWhatAndWhyWithThePolicyItself() {
        OperatorChange c = OperatorChanges.ofPolicy(policy(PolicyMode.PAUSED), "deployer");
        assertThat(c.getKind()).isEqualTo(ChangeKind.AUTOSCALING_PAUSED);
        assertThat(c.getWho()).isEqualTo("ana");
        assertThat(c.getTimestamp()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(c.getSubject()).isEqualTo("web");
        assertThat(c.getReason()).isEqualTo("load test");
        assertThat(c.getVia()).isEqualTo("deployer");
        assertThat(c.getPolicy().getMode()).isEqualTo(PolicyMode.PAUSED);
        assertThat(c.getSilence()).isNull();
        assertThat(OperatorChanges.ofPolicy(policy(PolicyMode.AUTO), "deployer").getKind())
                .isEqualTo(ChangeKind.AUTOSCALING_RESUMED);
        assertThat(OperatorChanges.ofPolicy(policy(PolicyMode.PINNED), "deployer")
                        .getKind())
                .isEqualTo(ChangeKind.AUTOSCALING_PINNED);
        assertThat(OperatorChanges.ofPolicy(policy(PolicyMode.AUTO), "deployer").getId())
                .isNotEqualTo(c.getId());
    }
}
