package io.numbat.platform.remedy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.Playbook;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.RemediationVerdict;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code numbat remediation approve|reject} checks before it sends a verdict, and the verdict it sends. */
class RemediationVerdictsTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String ID = "web-1@h/predicted_exhaustion/process_count@1767225600000";

    static Remediation remediation(String id, RemediationState state, RemediationMode mode, String who) {
        return Remediation.newBuilder()
                .setId(id)
                .setFamily("web")
                .setNode("web-1@h")
                .setPlaybook(Playbook.REPLACE)
                .setAlarmId("web-1@h/predicted_exhaustion/process_count")
                .setAlarmType("predicted_exhaustion")
                .setState(state)
                .setMode(mode)
                .setForecastAt(T0)
                .setExhaustionAt(T0.plusSeconds(600))
                .setEvidence("process_count 200,000 of 262,144, +103.57/s, limit in 600 s")
                .setReason(state == RemediationState.EXPIRED ? "not approved within 600 s" : "waits")
                .setWho(who)
                .setCreatedAt(T0)
                .setUpdatedAt(T0)
                .build();
    }

    @Test
    void anUnknownIdIsAnErrorPointingToTheList() {
        assertThatThrownBy(() -> RemediationVerdicts.waiting(Map.of(), "nope", RemediationVerdict.APPROVE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown remediation 'nope'")
                .hasMessageContaining("numbat remediation list");
    }

    @Test
    void aRemediationNotProposedIsAnErrorNamingItsStateAndWhy() {
        Map<String, Remediation> latest =
                Map.of(ID, remediation(ID, RemediationState.EXPIRED, RemediationMode.APPROVE, null));
        assertThatThrownBy(() -> RemediationVerdicts.waiting(latest, ID, RemediationVerdict.APPROVE))
                .hasMessage("remediation " + ID + " is EXPIRED, not waiting for a verdict: not approved within 600 s");
        Map<String, Remediation> rejected =
                Map.of(ID, remediation(ID, RemediationState.REJECTED, RemediationMode.APPROVE, "bob"));
        assertThatThrownBy(() -> RemediationVerdicts.waiting(rejected, ID, RemediationVerdict.REJECT))
                .hasMessageContaining("is REJECTED (by bob)");
    }

    @Test
    void aNotificationCanBeRejectedButNotApproved() {
        Map<String, Remediation> latest =
                Map.of(ID, remediation(ID, RemediationState.PROPOSED, RemediationMode.NOTIFY, null));
        assertThatThrownBy(() -> RemediationVerdicts.waiting(latest, ID, RemediationVerdict.APPROVE))
                .hasMessageContaining("mode NOTIFY");
        assertThat(RemediationVerdicts.waiting(latest, ID, RemediationVerdict.REJECT)
                        .getId())
                .isEqualTo(ID);
    }

    @Test
    void theCommandNamesTheRemediationItsFamilyWhoAndWhy() {
        Remediation r = remediation(ID, RemediationState.PROPOSED, RemediationMode.APPROVE, null);
        RemediationCommand c = RemediationVerdicts.command(r, RemediationVerdict.APPROVE, "alice", "leak", T0);
        assertThat(c.getRemediationId()).isEqualTo(ID);
        assertThat(c.getFamily()).isEqualTo("web");
        assertThat(c.getWho()).isEqualTo("alice");
        assertThat(c.getReason()).isEqualTo("leak");
        RemediationCommand anonymous = RemediationVerdicts.command(r, RemediationVerdict.REJECT, " ", "", T0);
        assertThat(anonymous.getWho()).isEqualTo("operator");
        assertThat(anonymous.getReason()).isNull();
    }

    @Test
    void theNextStateSaysWhetherTheVerdictWasApplied() {
        assertThat(RemediationVerdicts.applied(RemediationVerdict.APPROVE, RemediationState.EXECUTING))
                .isTrue();
        assertThat(RemediationVerdicts.applied(RemediationVerdict.APPROVE, RemediationState.SKIPPED))
                .isFalse();
        assertThat(RemediationVerdicts.applied(RemediationVerdict.APPROVE, RemediationState.EXPIRED))
                .isFalse();
        assertThat(RemediationVerdicts.applied(RemediationVerdict.REJECT, RemediationState.REJECTED))
                .isTrue();
    }

    @Test
    void theTableHasOneLinePerRemediationOldestFirstWithItsExhaustionTime() {
        Remediation newer = Remediation.newBuilder(
                        remediation(ID + "#2", RemediationState.PROPOSED, RemediationMode.APPROVE, null))
                .setCreatedAt(T0.plusSeconds(60))
                .setReason("line\nbreak")
                .build();
        String table = RemediationTable.table(
                java.util.List.of(newer, remediation(ID, RemediationState.DONE, RemediationMode.AUTO, "auto")));
        String[] lines = table.split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("ID").contains("FAMILY", "NODE", "PLAYBOOK", "STATE", "EXHAUSTION", "REASON");
        assertThat(lines[1]).startsWith(ID + " ").contains("DONE", "REPLACE", "web-1@h", "2026-01-01T00:10:00Z");
        assertThat(lines[2]).startsWith(ID + "#2").contains("PROPOSED", "line\\nbreak");
    }
}
