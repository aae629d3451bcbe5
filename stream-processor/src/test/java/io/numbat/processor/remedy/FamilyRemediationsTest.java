package io.numbat.processor.remedy;

import static io.numbat.processor.remedy.Remedies.FAMILY;
import static io.numbat.processor.remedy.Remedies.T0;
import static io.numbat.processor.remedy.Remedies.cleared;
import static io.numbat.processor.remedy.Remedies.command;
import static io.numbat.processor.remedy.Remedies.event;
import static io.numbat.processor.remedy.Remedies.raised;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Playbook;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.RemediationVerdict;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyRemediationsTest {
    static final RemediationSettings AUTO = RemediationSettings.defaults(RemediationMode.AUTO);
    static final RemediationSettings APPROVE = RemediationSettings.defaults(RemediationMode.APPROVE);
    static final RemediationSettings NOTIFY = RemediationSettings.defaults(RemediationMode.NOTIFY);

    /** A family of {@code n} RUNNING nodes, web-1@h .. web-n@h. */
    static FamilyRemediations family(int n, RemediationSettings s) {
        FamilyRemediations f = new FamilyRemediations(FAMILY);
        for (int i = 1; i <= n; i++) {
            f.onDeployment(event("web-" + i + "@h", DeploymentState.RUNNING, "deploy", null, T0 - 60_000), s, T0);
        }
        return f;
    }

    /** The default limits with these K, M and bounds, and one attempt per forecast. */
    static RemediationSettings.Limits limits(int k, int m, int min, int max) {
        RemediationSettings.Limits d = RemediationSettings.Limits.defaults();
        return new RemediationSettings.Limits(
                k,
                m,
                min,
                max,
                d.approvalExpiry(),
                d.launchTimeout(),
                d.drain(),
                d.stopTimeout(),
                d.gcTime(),
                d.safetyMargin(),
                d.keepFinished(),
                1);
    }

    static List<RemediationState> states(RemedyOutput out) {
        return out.remediations().stream().map(Remediation::getState).toList();
    }

    static Remediation last(RemedyOutput out) {
        return out.remediations().get(out.remediations().size() - 1);
    }

    @Test
    void autoReplacesALeakingNodeAndStopsItOnlyOnceTheReplacementRuns() {
        FamilyRemediations f = family(3, AUTO);
        Alarm a = raised("web-2@h", MetricId.PROCESS_COUNT, 600, T0);
        RemedyOutput out = f.onAlarm(a, AUTO, T0 + 100);
        String id = FamilyRemediations.idOf(a);

        assertThat(states(out))
                .containsExactly(RemediationState.PROPOSED, RemediationState.APPROVED, RemediationState.EXECUTING);
        Remediation proposed = out.remediations().get(0);
        assertThat(proposed.getId()).isEqualTo(id).startsWith(a.getId() + "@");
        assertThat(proposed.getNode()).isEqualTo("web-2@h");
        assertThat(proposed.getPlaybook()).isEqualTo(Playbook.REPLACE);
        assertThat(proposed.getMetricName()).isEqualTo("process_count");
        assertThat(proposed.getExhaustionAt().toEpochMilli()).isEqualTo(T0 + 600_000);
        assertThat(proposed.getEvidence()).contains("200,000 of 262,144");
        assertThat(out.decisions()).singleElement().satisfies(d -> {
            assertThat(d.getId()).isEqualTo(id + "/out");
            assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_OUT);
            assertThat(d.getCount()).isEqualTo(1);
            assertThat(d.getSource()).isEqualTo("remediation");
            assertThat(d.getFamily()).isEqualTo(FAMILY);
        });

        String fresh = "web-abc-1";
        assertThat(f.onDeployment(event(fresh, DeploymentState.REQUESTED, id + "/out", null, T0), AUTO, T0 + 1_000)
                        .isEmpty())
                .isTrue();
        assertThat(f.onDeployment(event(fresh, DeploymentState.STARTING, id + "/out", null, T0), AUTO, T0 + 2_000)
                        .isEmpty())
                .isTrue();
        RemedyOutput running =
                f.onDeployment(event(fresh, DeploymentState.RUNNING, id + "/out", null, T0), AUTO, T0 + 40_000);
        assertThat(last(running).getReplacementNode()).isEqualTo(fresh);
        assertThat(running.decisions()).singleElement().satisfies(d -> {
            assertThat(d.getId()).isEqualTo(id + "/in");
            assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_IN);
            assertThat(d.getNodes()).containsExactly("web-2@h");
        });

        f.onDeployment(event("web-2@h", DeploymentState.STOPPING, id + "/in", null, T0), AUTO, T0 + 41_000);
        RemedyOutput stopped =
                f.onDeployment(event("web-2@h", DeploymentState.STOPPED, id + "/in", null, T0), AUTO, T0 + 75_000);
        assertThat(states(stopped)).containsExactly(RemediationState.DONE);
        assertThat(last(stopped).getReason()).contains("525 s before the forecast limit");
        assertThat(f.runningNodes()).isEqualTo(3);
        assertThat(f.open()).isEmpty();
    }

    @Test
    void aRedeliveredAlarmOrEventStartsNoSecondReplacement() {
        FamilyRemediations f = family(3, AUTO);
        Alarm a = raised("web-2@h", MetricId.ATOM_COUNT, 600, T0);
        String id = FamilyRemediations.idOf(a);
        assertThat(f.onAlarm(a, AUTO, T0).decisions()).hasSize(1);

        assertThat(f.onAlarm(a, AUTO, T0 + 5_000).isEmpty())
                .as("the same raise again")
                .isTrue();
        assertThat(f.onAlarm(raised("web-2@h", MetricId.MEMORY_TOTAL, 500, T0 + 10_000), AUTO, T0 + 10_000)
                        .isEmpty())
                .as("another raise on a node with an open remediation")
                .isTrue();

        var running = event("web-x-1", DeploymentState.RUNNING, id + "/out", null, T0);
        assertThat(f.onDeployment(running, AUTO, T0 + 30_000).decisions()).hasSize(1);
        assertThat(f.onDeployment(running, AUTO, T0 + 31_000).isEmpty()).isTrue();
        f.onDeployment(event("web-2@h", DeploymentState.STOPPED, id + "/in", null, T0), AUTO, T0 + 70_000);

        assertThat(f.onAlarm(a, AUTO, T0 + 80_000).isEmpty())
                .as("after it is done")
                .isTrue();
    }

    @Test
    void aReplacementThatFailsEndsTheRemediationLeavesTheOldNodeServingAndTriesOnceMore() {
        FamilyRemediations f = family(2, AUTO);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 600, T0);
        String id = FamilyRemediations.idOf(a);
        f.onAlarm(a, AUTO, T0);

        RemedyOutput out = f.onDeployment(
                event("web-y-1", DeploymentState.FAILED, id + "/out", "provider error: no capacity", T0),
                AUTO,
                T0 + 20_000);

        assertThat(states(out))
                .containsExactly(
                        RemediationState.FAILED,
                        RemediationState.PROPOSED,
                        RemediationState.APPROVED,
                        RemediationState.EXECUTING);
        Remediation failed = out.remediations().get(0);
        assertThat(failed.getId()).isEqualTo(id);
        assertThat(failed.getReason())
                .contains("replacement web-y-1 FAILED: provider error: no capacity")
                .contains("web-1@h left untouched");
        Remediation second = out.remediations().get(1);
        assertThat(second.getId()).isEqualTo(id + "#2");
        assertThat(second.getAttempt()).isEqualTo(2);
        assertThat(second.getReason()).startsWith("attempt 2 of 2 (" + id + " FAILED); ");
        assertThat(second.getExhaustionAt()).isEqualTo(failed.getExhaustionAt());
        assertThat(out.decisions())
                .singleElement()
                .satisfies(d -> assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_OUT))
                .extracting(ScalingDecision::getId)
                .isEqualTo(id + "#2/out");
        assertThat(f.runningNodes()).isEqualTo(2);

        RemedyOutput again = f.onDeployment(
                event("web-y2-1", DeploymentState.FAILED, id + "#2/out", "provider error: still none", T0),
                AUTO,
                T0 + 40_000);
        assertThat(states(again)).as("no third attempt").containsExactly(RemediationState.FAILED);
        assertThat(again.decisions()).isEmpty();
        assertThat(f.runningNodes()).isEqualTo(2);
        assertThat(f.onTick(AUTO, T0 + 600_000).decisions()).isEmpty();
    }

    @Test
    void withOneAttemptAFailedReplacementIsNotTriedAgain() {
        RemediationSettings.Limits d = RemediationSettings.Limits.defaults();
        RemediationSettings s = AUTO.withLimits(
                FAMILY,
                new RemediationSettings.Limits(
                        1,
                        6,
                        1,
                        100,
                        d.approvalExpiry(),
                        d.launchTimeout(),
                        d.drain(),
                        d.stopTimeout(),
                        d.gcTime(),
                        d.safetyMargin(),
                        d.keepFinished(),
                        1));
        FamilyRemediations f = family(2, s);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 600, T0);
        f.onAlarm(a, s, T0);

        RemedyOutput out = f.onDeployment(
                event("web-y-1", DeploymentState.FAILED, FamilyRemediations.idOf(a) + "/out", "no capacity", T0),
                s,
                T0 + 20_000);

        assertThat(states(out)).containsExactly(RemediationState.FAILED);
        assertThat(out.decisions()).isEmpty();
    }

    @Test
    void aReplacementNotRunningInTimeFailsOnATick() {
        FamilyRemediations f = family(2, AUTO);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 300, T0);
        f.onAlarm(a, AUTO, T0);

        assertThat(f.onTick(AUTO, T0 + 119_000).isEmpty()).isTrue();
        RemedyOutput out = f.onTick(AUTO, T0 + 120_000);

        assertThat(out.remediations().get(0).getState()).isEqualTo(RemediationState.FAILED);
        assertThat(out.remediations().get(0).getReason())
                .contains("not RUNNING within 120 s")
                .contains("web-1@h left untouched");
        assertThat(last(out).getId()).isEqualTo(FamilyRemediations.idOf(a) + "#2");
        assertThat(last(out).getState()).as("too late for a second attempt").isEqualTo(RemediationState.SKIPPED);
        assertThat(last(out).getReason()).contains("forecast leaves 180 s");
        assertThat(out.decisions()).isEmpty();
    }

    @Test
    void aNodeNotStoppedInTimeFailsTheRemediation() {
        FamilyRemediations f = family(2, AUTO);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 900, T0);
        f.onAlarm(a, AUTO, T0);
        f.onDeployment(
                event("web-z-1", DeploymentState.RUNNING, FamilyRemediations.idOf(a) + "/out", null, T0),
                AUTO,
                T0 + 30_000);

        RemedyOutput out = f.onTick(AUTO, T0 + 90_000);

        assertThat(states(out)).containsExactly(RemediationState.FAILED);
        assertThat(last(out).getReason()).contains("web-1@h not STOPPED within 60 s");
    }

    @Test
    void tooLittleTimeLeftSkipsTheRemediationAndSaysWhy() {
        FamilyRemediations f = family(3, AUTO);
        RemedyOutput out = f.onAlarm(raised("web-1@h", MetricId.PROCESS_COUNT, 150, T0), AUTO, T0);

        assertThat(states(out))
                .containsExactly(RemediationState.PROPOSED, RemediationState.APPROVED, RemediationState.SKIPPED);
        assertThat(last(out).getReason()).isEqualTo("needs 195 s (REPLACE 180 s + margin 15 s), forecast leaves 150 s");
        assertThat(out.decisions()).isEmpty();
    }

    @Test
    void approveModeWaitsForAnOperator() {
        FamilyRemediations f = family(3, APPROVE);
        Alarm a = raised("web-1@h", MetricId.ETS_COUNT, 800, T0);
        String id = FamilyRemediations.idOf(a);
        RemedyOutput proposed = f.onAlarm(a, APPROVE, T0);
        assertThat(states(proposed)).containsExactly(RemediationState.PROPOSED);
        assertThat(last(proposed).getReason()).contains("waits for an operator's approval");
        assertThat(proposed.decisions()).isEmpty();
        assertThat(f.onTick(APPROVE, T0 + 60_000).isEmpty()).isTrue();

        RemedyOutput approved = f.onCommand(command(id, RemediationVerdict.APPROVE, "ada", T0), APPROVE, T0 + 90_000);

        assertThat(approved.error()).isNull();
        assertThat(states(approved)).containsExactly(RemediationState.APPROVED, RemediationState.EXECUTING);
        assertThat(approved.remediations().get(0).getWho()).isEqualTo("ada");
        assertThat(approved.remediations().get(0).getReason()).isEqualTo("approved by ada: looked at it");
        assertThat(approved.decisions())
                .singleElement()
                .extracting(ScalingDecision::getId)
                .isEqualTo(id + "/out");

        RemedyOutput again = f.onCommand(command(id, RemediationVerdict.APPROVE, "bob", T0), APPROVE, T0 + 91_000);
        assertThat(again.error()).contains("is EXECUTING").contains("not waiting for a verdict");
        assertThat(again.remediations()).isEmpty();
        assertThat(again.decisions()).isEmpty();
    }

    @Test
    void aRejectedProposalIsNeverCarriedOut() {
        FamilyRemediations f = family(3, APPROVE);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 800, T0);
        String id = FamilyRemediations.idOf(a);
        f.onAlarm(a, APPROVE, T0);

        RemedyOutput out = f.onCommand(command(id, RemediationVerdict.REJECT, "ada", T0), APPROVE, T0 + 10_000);

        assertThat(states(out)).containsExactly(RemediationState.REJECTED);
        assertThat(last(out).getWho()).isEqualTo("ada");
        assertThat(last(out).getReason()).isEqualTo("rejected by ada: looked at it");
        assertThat(out.decisions()).isEmpty();
        assertThat(f.onCommand(command(id, RemediationVerdict.APPROVE, "bob", T0), APPROVE, T0 + 20_000)
                        .error())
                .contains("is REJECTED (by ada)");
    }

    @Test
    void anUnknownIdIsAnErrorNotAnException() {
        FamilyRemediations f = family(3, APPROVE);

        RemedyOutput out = f.onCommand(command("nope", RemediationVerdict.APPROVE, "ada", T0), APPROVE, T0);

        assertThat(out.error()).isEqualTo("unknown remediation 'nope' in family web");
        assertThat(out.remediations()).isEmpty();
        assertThat(out.decisions()).isEmpty();
    }

    @Test
    void unapprovedProposalsExpireAndCannotBeApprovedAfterwards() {
        FamilyRemediations f = family(3, APPROVE);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 890, T0);
        String id = FamilyRemediations.idOf(a);
        f.onAlarm(a, APPROVE, T0);

        RemedyOutput expired = f.onTick(APPROVE, T0 + Duration.ofMinutes(10).toMillis());
        assertThat(states(expired)).containsExactly(RemediationState.EXPIRED);
        assertThat(last(expired).getReason()).isEqualTo("not approved within 600 s");

        RemedyOutput late = f.onCommand(command(id, RemediationVerdict.APPROVE, "ada", T0), APPROVE, T0 + 601_000);
        assertThat(late.error()).contains("is EXPIRED");
        assertThat(late.decisions()).isEmpty();
    }

    @Test
    void anApprovalArrivingAfterTheExpiryButBeforeATickIsRefusedAndExpiresIt() {
        FamilyRemediations f = family(3, APPROVE);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 890, T0);
        f.onAlarm(a, APPROVE, T0);

        RemedyOutput late = f.onCommand(
                command(FamilyRemediations.idOf(a), RemediationVerdict.APPROVE, "ada", T0), APPROVE, T0 + 700_000);

        assertThat(late.error()).contains("is EXPIRED");
        assertThat(states(late)).containsExactly(RemediationState.EXPIRED);
        assertThat(late.decisions()).isEmpty();
    }

    @Test
    void anApprovalWhenTooLittleTimeIsLeftSkipsIt() {
        FamilyRemediations f = family(3, APPROVE);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 300, T0);
        f.onAlarm(a, APPROVE, T0);

        RemedyOutput out = f.onCommand(
                command(FamilyRemediations.idOf(a), RemediationVerdict.APPROVE, "ada", T0), APPROVE, T0 + 200_000);

        assertThat(states(out)).containsExactly(RemediationState.APPROVED, RemediationState.SKIPPED);
        assertThat(last(out).getReason()).contains("forecast leaves 100 s");
        assertThat(out.decisions()).isEmpty();
    }

    @Test
    void notifyModeOnlyProposes() {
        FamilyRemediations f = family(3, NOTIFY);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 800, T0);
        RemedyOutput out = f.onAlarm(a, NOTIFY, T0);
        assertThat(states(out)).containsExactly(RemediationState.PROPOSED);
        assertThat(last(out).getMode()).isEqualTo(RemediationMode.NOTIFY);

        RemedyOutput approve = f.onCommand(
                command(FamilyRemediations.idOf(a), RemediationVerdict.APPROVE, "ada", T0), NOTIFY, T0 + 1_000);
        assertThat(approve.error()).contains("mode NOTIFY");
        assertThat(approve.decisions()).isEmpty();
        assertThat(states(f.onTick(NOTIFY, T0 + 600_000))).containsExactly(RemediationState.EXPIRED);
    }

    @Test
    void atMostKRemediationsRunAtOnceAndTheNextStartsWhenOneEnds() {
        FamilyRemediations f = family(4, AUTO);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 900, T0);
        f.onAlarm(a, AUTO, T0);
        Alarm b = raised("web-2@h", MetricId.PROCESS_COUNT, 900, T0 + 1_000);

        RemedyOutput queued = f.onAlarm(b, AUTO, T0 + 1_000);
        assertThat(states(queued))
                .containsExactly(RemediationState.PROPOSED, RemediationState.APPROVED, RemediationState.APPROVED);
        assertThat(last(queued).getReason()).isEqualTo("queued: 1 remediations in progress in web, at most 1");
        assertThat(queued.decisions()).isEmpty();
        assertThat(f.onTick(AUTO, T0 + 2_000).isEmpty())
                .as("nothing new to say while queued")
                .isTrue();

        String idA = FamilyRemediations.idOf(a);
        f.onDeployment(event("web-a-1", DeploymentState.RUNNING, idA + "/out", null, T0), AUTO, T0 + 30_000);
        f.onDeployment(event("web-1@h", DeploymentState.STOPPED, idA + "/in", null, T0), AUTO, T0 + 60_000);
        RemedyOutput next = f.onTick(AUTO, T0 + 61_000);

        assertThat(states(next)).containsExactly(RemediationState.EXECUTING);
        assertThat(next.decisions())
                .singleElement()
                .extracting(ScalingDecision::getId)
                .isEqualTo(FamilyRemediations.idOf(b) + "/out");
    }

    @Test
    void atMostMRemediationsStartPerHour() {
        RemediationSettings s = AUTO.withLimits(FAMILY, limits(5, 2, 1, 100));
        FamilyRemediations f = family(4, s);
        f.onAlarm(raised("web-1@h", MetricId.PROCESS_COUNT, 7_200, T0), s, T0);
        f.onAlarm(raised("web-2@h", MetricId.PROCESS_COUNT, 7_200, T0), s, T0);
        Alarm c = raised("web-3@h", MetricId.PROCESS_COUNT, 7_200, T0);

        RemedyOutput third = f.onAlarm(c, s, T0);
        assertThat(last(third).getState()).isEqualTo(RemediationState.APPROVED);
        assertThat(last(third).getReason())
                .isEqualTo("queued: 2 remediations started in web in the last hour, at most 2");

        assertThat(f.onTick(s, T0 + 3_599_000).decisions()).isEmpty();
        // the first two timed out meanwhile (no replacement came up); the hour since their start has passed
        RemedyOutput later = f.onTick(s, T0 + 3_600_000);
        assertThat(later.decisions())
                .singleElement()
                .extracting(ScalingDecision::getId)
                .isEqualTo(FamilyRemediations.idOf(c) + "/out");
    }

    @Test
    void aQueuedRemediationWhoseTimeRunsOutIsSkipped() {
        FamilyRemediations f = family(4, AUTO);
        f.onAlarm(raised("web-1@h", MetricId.PROCESS_COUNT, 900, T0), AUTO, T0);
        f.onAlarm(raised("web-2@h", MetricId.PROCESS_COUNT, 300, T0), AUTO, T0);

        assertThat(f.onTick(AUTO, T0 + 100_000).isEmpty()).isTrue();
        RemedyOutput out = f.onTick(AUTO, T0 + 110_000);

        assertThat(states(out)).containsExactly(RemediationState.SKIPPED);
        assertThat(last(out).getNode()).isEqualTo("web-2@h");
        assertThat(last(out).getReason()).contains("forecast leaves 190 s");
    }

    @Test
    void aFamilyAtItsMaximumRestartsTheNodeInstead() {
        RemediationSettings s = AUTO.withLimits(FAMILY, limits(1, 6, 1, 3));
        FamilyRemediations f = family(3, s);
        Alarm a = raised("web-3@h", MetricId.ATOM_COUNT, 900, T0);
        String id = FamilyRemediations.idOf(a);

        RemedyOutput out = f.onAlarm(a, s, T0);
        assertThat(out.remediations().get(0).getPlaybook()).isEqualTo(Playbook.RESTART);
        assertThat(last(out).getReason()).contains("family is at its maximum of 3 nodes");
        assertThat(out.decisions()).singleElement().satisfies(d -> {
            assertThat(d.getId()).isEqualTo(id + "/in");
            assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_IN);
            assertThat(d.getNodes()).containsExactly("web-3@h");
        });

        RemedyOutput stopped =
                f.onDeployment(event("web-3@h", DeploymentState.STOPPED, id + "/in", null, T0), s, T0 + 60_000);
        assertThat(stopped.decisions()).singleElement().satisfies(d -> {
            assertThat(d.getId()).isEqualTo(id + "/out");
            assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_OUT);
        });
        RemedyOutput running =
                f.onDeployment(event("web-r-1", DeploymentState.RUNNING, id + "/out", null, T0), s, T0 + 90_000);
        assertThat(states(running)).containsExactly(RemediationState.DONE);
        assertThat(last(running).getReplacementNode()).isEqualTo("web-r-1");
        assertThat(f.runningNodes()).isEqualTo(3);
    }

    @Test
    void aRestartNeverTakesTheFamilyBelowItsMinimum() {
        RemediationSettings s = AUTO.withLimits(FAMILY, limits(1, 6, 2, 2));
        FamilyRemediations f = family(2, s);

        RemedyOutput out = f.onAlarm(raised("web-1@h", MetricId.ATOM_COUNT, 900, T0), s, T0);

        assertThat(last(out).getState()).isEqualTo(RemediationState.SKIPPED);
        assertThat(last(out).getReason())
                .isEqualTo("family at its maximum of 2 nodes, and a restart would leave 1 RUNNING nodes, fewer than "
                        + "the minimum of 2");
        assertThat(out.decisions()).isEmpty();
    }

    @Test
    void aNodeTheDeployerDoesNotRunIsNotTouched() {
        FamilyRemediations f = family(2, AUTO);

        RemedyOutput out = f.onAlarm(raised("elsewhere@h", MetricId.ATOM_COUNT, 900, T0), AUTO, T0);

        assertThat(last(out).getState()).isEqualTo(RemediationState.SKIPPED);
        assertThat(last(out).getReason()).contains("not a RUNNING node of family web for the deployer (unknown)");
        assertThat(out.decisions()).isEmpty();
    }

    @Test
    void anErlangNodesAlarmActsOnTheDeployersNodeOfThatShortName() {
        // the local and ssh providers run deployer node web-7 as Erlang node web-7@host, and the agent reports the
        // latter
        FamilyRemediations f = new FamilyRemediations(FAMILY);
        f.onDeployment(event("web-7", DeploymentState.RUNNING, "deploy", null, T0 - 60_000), AUTO, T0);
        Alarm a = raised("web-7@host", MetricId.PROCESS_COUNT, 600, T0);
        String id = FamilyRemediations.idOf(a);

        RemedyOutput out = f.onAlarm(a, AUTO, T0);

        assertThat(states(out))
                .containsExactly(RemediationState.PROPOSED, RemediationState.APPROVED, RemediationState.EXECUTING);
        assertThat(last(out).getNode()).isEqualTo("web-7");
        assertThat(last(out).getAlarmId()).isEqualTo(a.getId());
        assertThat(f.onAlarm(raised("web-7@host", MetricId.ATOM_COUNT, 500, T0 + 1), AUTO, T0 + 1)
                        .isEmpty())
                .as("one open remediation per node, whichever name the alarm uses")
                .isTrue();
        RemedyOutput running =
                f.onDeployment(event("web-9", DeploymentState.RUNNING, id + "/out", null, T0), AUTO, T0 + 20_000);
        assertThat(running.decisions())
                .singleElement()
                .satisfies(d -> assertThat(d.getNodes()).containsExactly("web-7"));
        RemedyOutput stopped =
                f.onDeployment(event("web-7", DeploymentState.STOPPED, id + "/in", null, T0), AUTO, T0 + 40_000);
        assertThat(states(stopped)).containsExactly(RemediationState.DONE);
    }

    @Test
    void aClearedForecastEndsAProposalNotYetStarted() {
        FamilyRemediations f = family(3, APPROVE);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 800, T0);
        f.onAlarm(a, APPROVE, T0);

        RemedyOutput out = f.onAlarm(cleared(a, T0 + 60_000), APPROVE, T0 + 60_000);

        assertThat(states(out)).containsExactly(RemediationState.EXPIRED);
        assertThat(last(out).getReason()).isEqualTo("the forecast cleared before it started");
    }

    @Test
    void theGcPlaybookAsksForACollection() {
        RemediationSettings s = AUTO.withPolicy("web/memory_total", new RemediationSettings.Policy(null, Playbook.GC));
        FamilyRemediations f = family(2, s);
        Alarm a = raised("web-1@h", MetricId.MEMORY_TOTAL, 100, T0);

        RemedyOutput out = f.onAlarm(a, s, T0);

        assertThat(states(out))
                .containsExactly(
                        RemediationState.PROPOSED,
                        RemediationState.APPROVED,
                        RemediationState.EXECUTING,
                        RemediationState.DONE);
        assertThat(out.gcRequests()).singleElement().satisfies(g -> {
            assertThat(g.requestId()).isEqualTo(FamilyRemediations.idOf(a) + "/gc");
            assertThat(g.node()).isEqualTo("web-1@h");
            assertThat(g.agentNode()).isEqualTo("web-1@h");
        });
        assertThat(out.decisions()).isEmpty();
    }

    @Test
    void otherAlarmsAndFamiliesAndCausesWithoutAPlaybookAreIgnored() {
        FamilyRemediations f = family(2, AUTO);
        Alarm limit = Alarm.newBuilder(raised("web-1@h", MetricId.PROCESS_COUNT, 100, T0))
                .setType("process_limit")
                .build();
        Alarm other = Alarm.newBuilder(raised("web-1@h", MetricId.PROCESS_COUNT, 600, T0))
                .setFamily("db")
                .build();
        Alarm ports = raised("web-1@h", MetricId.PORT_COUNT, 600, T0);
        Alarm stale = raised("web-1@h", MetricId.PROCESS_COUNT, 600, T0 - 700_000);

        assertThat(f.onAlarm(limit, AUTO, T0).isEmpty()).isTrue();
        assertThat(f.onAlarm(other, AUTO, T0).isEmpty()).isTrue();
        assertThat(f.onAlarm(ports, AUTO, T0).isEmpty()).isTrue();
        assertThat(f.onAlarm(stale, AUTO, T0).isEmpty())
                .as("a replayed raise whose limit has passed")
                .isTrue();
        assertThat(AlarmTypes.PREDICTED_EXHAUSTION).isEqualTo(ports.getType());
    }

    @Test
    void theStoredFormCarriesARemediationOnMidway() {
        FamilyRemediations f = family(3, AUTO);
        Alarm a = raised("web-2@h", MetricId.PROCESS_COUNT, 600, T0);
        String id = FamilyRemediations.idOf(a);
        f.onAlarm(a, AUTO, T0);

        FamilyRemediations back = FamilyRemediations.fromBytes(f.toBytes());
        assertThat(back.toBytes()).isEqualTo(f.toBytes());
        assertThat(back.onAlarm(a, AUTO, T0 + 1_000).isEmpty()).isTrue();
        RemedyOutput running =
                back.onDeployment(event("web-q-1", DeploymentState.RUNNING, id + "/out", null, T0), AUTO, T0 + 30_000);
        assertThat(running.decisions())
                .singleElement()
                .extracting(ScalingDecision::getId)
                .isEqualTo(id + "/in");
    }

    @Test
    void finishedRemediationsAreForgottenAfterTheirDeadlineAndKeepTime() {
        FamilyRemediations f = family(3, AUTO);
        f.onAlarm(raised("web-1@h", MetricId.PROCESS_COUNT, 150, T0), AUTO, T0);
        assertThat(f.remediations).hasSize(1);

        f.onTick(AUTO, T0 + 3_599_000);
        assertThat(f.remediations).hasSize(1);
        f.onTick(AUTO, T0 + 3_600_000);
        assertThat(f.remediations).isEmpty();
    }
}
