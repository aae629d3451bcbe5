package io.numbat.processor.remedy;

import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.processor.remedy.RemediationEntry.Step;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Playbook;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.RemediationVerdict;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One family's remediations as a deterministic state machine: a {@code predicted_exhaustion} alarm on a node opens
 * a remediation (PROPOSED, then APPROVED at once in mode AUTO or by an operator's command in mode APPROVE), which
 * starts when the rate limits allow and the forecast leaves its playbook enough time (else SKIPPED), and is carried
 * out with deployer decisions whose ids derive from its own, {@code <id>/out} and {@code <id>/in}, so a redelivery
 * never starts two replacements. The deployer's events drive it on (a REPLACE stops the old node only once its
 * replacement is RUNNING) and {@link #onTick} expires proposals, times out steps and starts queued ones. Every call
 * takes the time and returns what to publish; nothing here throws on bad input. Plain Java, one instance per family,
 * not thread-safe; stored with {@link RemediationStateFormat}.
 */
public final class FamilyRemediations {
    /** The {@code source} of the decisions remediations make. */
    public static final String SOURCE = "remediation";

    private static final long HOUR_MILLIS = 3_600_000L;

    final String family;
    /** By id, in the order they were opened: the open ones and the finished ones still remembered. */
    final Map<String, RemediationEntry> remediations = new LinkedHashMap<>();
    /** The family's nodes the deployer has told of and that have not STOPPED or FAILED, with their last state. */
    final Map<String, DeploymentState> members = new TreeMap<>();
    /** When remediations started executing, oldest first; none older than an hour after a tick. */
    final ArrayDeque<Long> starts = new ArrayDeque<>();

    public FamilyRemediations(String family) {
        this.family = family;
    }

    public String family() {
        return family;
    }

    /** The remediation id an alarm raise opens: the alarm id and the raise's time, the same on every delivery. */
    public static String idOf(Alarm a) {
        return a.getId() + "@" + a.getTimestamp().toEpochMilli();
    }

    /** The family's RUNNING nodes, as the deployer's events tell. */
    public int runningNodes() {
        return (int) members.values().stream()
                .filter(s -> s == DeploymentState.RUNNING)
                .count();
    }

    /** The remediations open now (not finished), as records, in the order they were opened. */
    public List<Remediation> open() {
        List<Remediation> out = new ArrayList<>();
        remediations.values().stream().filter(e -> !e.finished()).forEach(e -> out.add(e.toRecord(family)));
        return out;
    }

    /**
     * An alarm of this family. A RAISED {@code predicted_exhaustion} on a node with a forecast opens a remediation,
     * unless this raise already opened one, the node already has an open one, its cause has no playbook or its
     * limit has already passed (a replayed raise). A CLEARED one ends the proposals it opened that have not started
     * (EXPIRED). Anything else is ignored.
     */
    public RemedyOutput onAlarm(Alarm alarm, RemediationSettings s, long nowMillis) {
        RemedyOutput out = new RemedyOutput();
        if (!AlarmTypes.PREDICTED_EXHAUSTION.equals(alarm.getType())
                || alarm.getNode() == null
                || !family.equals(alarm.getFamily())) {
            return out;
        }
        if (alarm.getState() == AlarmState.CLEARED) {
            for (RemediationEntry e : List.copyOf(remediations.values())) {
                if (e.alarmId.equals(alarm.getId())
                        && (e.state == RemediationState.PROPOSED || e.state == RemediationState.APPROVED)) {
                    finish(e, RemediationState.EXPIRED, "the forecast cleared before it started", nowMillis, out);
                }
            }
            return out;
        }
        String id = idOf(alarm);
        Double seconds = alarm.getSecondsToExhaustion();
        String node = deployerNode(alarm.getNode());
        if (remediations.containsKey(id) || openFor(node) != null || seconds == null || !(seconds >= 0)) {
            return out;
        }
        RemediationEntry e = new RemediationEntry();
        e.id = id;
        e.node = node;
        e.alarmId = alarm.getId();
        e.alarmType = alarm.getType();
        e.metric = alarm.getMetric();
        e.metricName = alarm.getMetric() == null ? null : MetricId.nameOf(alarm.getMetric());
        Playbook configured = s.playbook(family, e.cause());
        e.forecastAt = alarm.getTimestamp().toEpochMilli();
        e.exhaustionAt = e.forecastAt + Math.round(seconds * 1000);
        if (configured == null || e.exhaustionAt <= nowMillis) {
            return out;
        }
        e.secondsToExhaustion = seconds;
        e.evidence = evidence(alarm, seconds);
        propose(e, configured, "", s, nowMillis, out);
        return out;
    }

    /**
     * The deployer's name of an alarm's node. An Erlang node's agent reports it by its Erlang name: the deployer's
     * node {@code web-7} is the Erlang node {@code web-7@host} (the deployer maps batches the same way); a name the
     * deployer knows as it is, or whose short name it does not know, is kept.
     */
    private String deployerNode(String node) {
        int at = node.indexOf('@');
        if (at <= 0 || members.containsKey(node)) {
            return node;
        }
        String shortName = node.substring(0, at);
        return members.containsKey(shortName) ? shortName : node;
    }

    /** Opens {@code e}: PROPOSED, then in mode AUTO approved and started at once if it may. */
    private void propose(
            RemediationEntry e, Playbook configured, String before, RemediationSettings s, long now, RemedyOutput out) {
        RemediationSettings.Limits l = s.limits(family);
        e.playbook = plan(configured, l);
        e.mode = s.mode(family, e.cause());
        e.state = RemediationState.PROPOSED;
        e.createdAt = now;
        String why = String.format(
                Locale.ROOT,
                "%s%s forecast to reach its limit in %.0f s; %s needs %d s",
                before,
                e.cause(),
                e.secondsToExhaustion,
                e.playbook,
                l.needs(e.playbook).plus(l.safetyMargin()).toSeconds());
        e.reason = switch (e.mode) {
            case AUTO -> why;
            case APPROVE ->
                why + "; waits for an operator's approval until "
                        + Instant.ofEpochMilli(now + l.approvalExpiry().toMillis());
            case NOTIFY -> why + "; notification only (mode NOTIFY)";
        };
        remediations.put(e.id, e);
        emit(e, now, out);
        if (e.mode == RemediationMode.AUTO) {
            approve(e, "auto", "approved at once (mode AUTO)", now, out);
            tryStart(e, s, now, out);
        }
    }

    /**
     * A REPLACE whose replacement failed left its node serving: while attempts remain, a new remediation of the
     * same forecast opens ({@code <first id>#<attempt>}), and goes through the mode and the checks again.
     */
    private void retry(RemediationEntry failed, RemediationSettings s, long now, RemedyOutput out) {
        if (failed.attempt >= s.limits(family).maxAttempts()) {
            return;
        }
        RemediationEntry e = new RemediationEntry();
        e.attempt = failed.attempt + 1;
        int hash = failed.id.lastIndexOf('#');
        e.id = (failed.attempt > 1 && hash > 0 ? failed.id.substring(0, hash) : failed.id) + "#" + e.attempt;
        if (remediations.containsKey(e.id)) {
            return;
        }
        e.node = failed.node;
        e.alarmId = failed.alarmId;
        e.alarmType = failed.alarmType;
        e.metric = failed.metric;
        e.metricName = failed.metricName;
        e.forecastAt = failed.forecastAt;
        e.exhaustionAt = failed.exhaustionAt;
        e.secondsToExhaustion = failed.secondsToExhaustion;
        e.evidence = failed.evidence;
        Playbook configured = s.playbook(family, e.cause());
        propose(
                e,
                configured == null ? failed.playbook : configured,
                "attempt " + e.attempt + " of " + s.limits(family).maxAttempts() + " (" + failed.id + " FAILED); ",
                s,
                now,
                out);
    }

    /**
     * A deployment event of this family: keeps the family's membership and moves executing remediations on. The
     * replacement is the node whose event carries the decision id {@code <id>/out}; the remediated node is known by
     * name. A redelivered event changes nothing.
     */
    public RemedyOutput onDeployment(DeploymentEvent ev, RemediationSettings s, long nowMillis) {
        RemedyOutput out = new RemedyOutput();
        if (!family.equals(ev.getFamily()) || ev.getNode() == null || ev.getState() == null) {
            return out;
        }
        String node = ev.getNode();
        DeploymentState state = ev.getState();
        boolean gone = state == DeploymentState.STOPPED || state == DeploymentState.FAILED;
        if (gone) {
            members.remove(node);
        } else {
            members.put(node, state);
        }
        for (RemediationEntry e : List.copyOf(remediations.values())) {
            if (e.finished()) {
                continue;
            }
            if (e.state != RemediationState.EXECUTING) {
                if (gone && node.equals(e.node)) {
                    finish(
                            e,
                            RemediationState.EXPIRED,
                            node + " left the family (" + state + ") first",
                            nowMillis,
                            out);
                }
                continue;
            }
            if ((e.id + "/out").equals(ev.getDecisionId())) {
                replacementMoved(e, node, state, ev.getReason(), s, nowMillis, out);
            } else if (gone && node.equals(e.node)) {
                oldNodeGone(e, state, s, nowMillis, out);
            }
        }
        return out;
    }

    private void replacementMoved(
            RemediationEntry e,
            String node,
            DeploymentState state,
            String why,
            RemediationSettings s,
            long now,
            RemedyOutput out) {
        boolean waiting = e.step == Step.LAUNCHING || e.step == Step.RELAUNCHING;
        if (!waiting) {
            return;
        }
        e.replacementNode = node;
        if (state == DeploymentState.FAILED) {
            boolean serving = e.step == Step.LAUNCHING;
            finish(
                    e,
                    RemediationState.FAILED,
                    "replacement " + node + " FAILED: " + (why == null ? "no reason given" : why)
                            + (e.step == Step.LAUNCHING
                                    ? "; " + e.node + " left untouched"
                                    : "; " + e.node + " was stopped, the family is one node short"),
                    now,
                    out);
            if (serving) {
                retry(e, s, now, out);
            }
        } else if (state == DeploymentState.RUNNING) {
            long took = (now - e.stepStartedAt) / 1000;
            if (e.step == Step.RELAUNCHING) {
                finish(e, RemediationState.DONE, e.node + " restarted: " + node + " RUNNING in its place", now, out);
            } else if (!members.containsKey(e.node)) {
                finish(
                        e,
                        RemediationState.DONE,
                        "replacement " + node + " RUNNING; " + e.node + " had already left the family",
                        now,
                        out);
            } else {
                step(e, Step.DRAINING, now);
                e.reason = "replacement " + node + " RUNNING after " + took + " s; draining and stopping " + e.node;
                emit(e, now, out);
                out.add(decision(e, ScalingAction.SCALE_IN, "in", e.reason, now));
            }
        }
    }

    private void oldNodeGone(
            RemediationEntry e, DeploymentState state, RemediationSettings s, long now, RemedyOutput out) {
        switch (e.step) {
            case DRAINING ->
                finish(
                        e,
                        RemediationState.DONE,
                        String.format(
                                Locale.ROOT,
                                "%s %s after replacement %s RUNNING, %d s before the forecast limit",
                                e.node,
                                state,
                                e.replacementNode,
                                (e.exhaustionAt - now) / 1000),
                        now,
                        out);
            case STOPPING -> {
                step(e, Step.RELAUNCHING, now);
                e.reason = e.node + " " + state + "; starting a node in its place";
                emit(e, now, out);
                out.add(decision(e, ScalingAction.SCALE_OUT, "out", e.reason, now));
            }
            default -> {
                // LAUNCHING: the node left on its own; the replacement's RUNNING ends the remediation
            }
        }
    }

    /**
     * An operator's verdict. An unknown id, an expired proposal, one no longer waiting for a verdict, or an approval
     * of a notification is refused with {@link RemedyOutput#error()}; nothing else changes.
     */
    public RemedyOutput onCommand(RemediationCommand c, RemediationSettings s, long nowMillis) {
        RemedyOutput out = new RemedyOutput();
        RemediationEntry e = c.getRemediationId() == null ? null : remediations.get(c.getRemediationId());
        if (e == null || !family.equals(c.getFamily())) {
            return out.error("unknown remediation '" + c.getRemediationId() + "' in family " + c.getFamily());
        }
        RemediationSettings.Limits l = s.limits(family);
        if (e.state == RemediationState.PROPOSED
                && nowMillis - e.createdAt >= l.approvalExpiry().toMillis()) {
            expire(e, l, nowMillis, out);
        }
        if (e.state != RemediationState.PROPOSED) {
            return out.error("remediation " + e.id + " is " + e.state + (e.who == null ? "" : " (by " + e.who + ")")
                    + ", not waiting for a verdict: " + e.reason);
        }
        String who = c.getWho() == null || c.getWho().isBlank() ? "(unknown)" : c.getWho();
        String because = c.getReason() == null || c.getReason().isBlank() ? "" : ": " + c.getReason();
        if (c.getVerdict() == RemediationVerdict.REJECT) {
            e.who = who;
            finish(e, RemediationState.REJECTED, "rejected by " + who + because, nowMillis, out);
            return out;
        }
        if (e.mode == RemediationMode.NOTIFY) {
            return out.error("remediation " + e.id + " is a notification (mode NOTIFY): it cannot be approved");
        }
        approve(e, who, "approved by " + who + because, nowMillis, out);
        tryStart(e, s, nowMillis, out);
        return out;
    }

    /**
     * Time passes: proposals not approved in time expire, steps that take too long fail, approved remediations
     * waiting for the rate limits start (most urgent first) or are skipped when their time has run out, and
     * finished remediations past their deadline and {@code keepFinished} are forgotten.
     */
    public RemedyOutput onTick(RemediationSettings s, long nowMillis) {
        RemedyOutput out = new RemedyOutput();
        RemediationSettings.Limits l = s.limits(family);
        forgetStartsBefore(nowMillis - HOUR_MILLIS);
        List<RemediationEntry> queued = new ArrayList<>();
        for (RemediationEntry e : List.copyOf(remediations.values())) {
            switch (e.state) {
                case PROPOSED -> {
                    if (nowMillis - e.createdAt >= l.approvalExpiry().toMillis()) {
                        expire(e, l, nowMillis, out);
                    }
                }
                case APPROVED -> queued.add(e);
                case EXECUTING -> timeOut(e, s, nowMillis, out);
                default -> {
                    if (nowMillis >= Math.max(e.updatedAt + l.keepFinished().toMillis(), e.exhaustionAt)) {
                        remediations.remove(e.id);
                    }
                }
            }
        }
        queued.sort(
                Comparator.comparingLong((RemediationEntry e) -> e.exhaustionAt).thenComparing(e -> e.id));
        for (RemediationEntry e : queued) {
            tryStart(e, s, nowMillis, out);
        }
        return out;
    }

    private void timeOut(RemediationEntry e, RemediationSettings s, long now, RemedyOutput out) {
        RemediationSettings.Limits l = s.limits(family);
        long in = now - e.stepStartedAt;
        if ((e.step == Step.LAUNCHING || e.step == Step.RELAUNCHING)
                && in >= l.launchTimeout().toMillis()) {
            boolean serving = e.step == Step.LAUNCHING;
            finish(
                    e,
                    RemediationState.FAILED,
                    "replacement " + (e.replacementNode == null ? "(decision " + e.id + "/out)" : e.replacementNode)
                            + " not RUNNING within " + l.launchTimeout().toSeconds() + " s"
                            + (e.step == Step.LAUNCHING
                                    ? "; " + e.node + " left untouched"
                                    : "; " + e.node + " was stopped, the family is one node short"),
                    now,
                    out);
            if (serving) {
                retry(e, s, now, out);
            }
        } else if ((e.step == Step.DRAINING || e.step == Step.STOPPING)
                && in >= l.drain().plus(l.stopTimeout()).toMillis()) {
            finish(
                    e,
                    RemediationState.FAILED,
                    e.node + " not STOPPED within "
                            + l.drain().plus(l.stopTimeout()).toSeconds() + " s of its scale-in (decision " + e.id
                            + "/in)",
                    now,
                    out);
        }
    }

    private void expire(RemediationEntry e, RemediationSettings.Limits l, long now, RemedyOutput out) {
        finish(
                e,
                RemediationState.EXPIRED,
                (e.mode == RemediationMode.NOTIFY ? "notification" : "not approved") + " within "
                        + l.approvalExpiry().toSeconds() + " s",
                now,
                out);
    }

    private void approve(RemediationEntry e, String who, String reason, long now, RemedyOutput out) {
        e.state = RemediationState.APPROVED;
        e.who = who;
        e.reason = reason;
        emit(e, now, out);
    }

    /** Starts an APPROVED remediation if its time, the family's bounds and the rate limits allow. */
    private void tryStart(RemediationEntry e, RemediationSettings s, long now, RemedyOutput out) {
        RemediationSettings.Limits l = s.limits(family);
        Playbook configured = s.playbook(family, e.cause());
        Playbook playbook = plan(configured == null ? e.playbook : configured, l);
        long needs = l.needs(playbook).plus(l.safetyMargin()).toMillis();
        long left = e.exhaustionAt - now;
        if (left < needs) {
            finish(
                    e,
                    RemediationState.SKIPPED,
                    String.format(
                            Locale.ROOT,
                            "needs %d s (%s %d s + margin %d s), forecast leaves %d s",
                            needs / 1000,
                            playbook,
                            l.needs(playbook).toSeconds(),
                            l.safetyMargin().toSeconds(),
                            Math.max(0, left) / 1000),
                    now,
                    out);
            return;
        }
        int running = runningNodes();
        if (playbook != Playbook.GC && members.get(e.node) != DeploymentState.RUNNING) {
            finish(
                    e,
                    RemediationState.SKIPPED,
                    e.node + " is not a RUNNING node of family " + family + " for the deployer ("
                            + (members.containsKey(e.node) ? members.get(e.node) : "unknown") + ")",
                    now,
                    out);
            return;
        }
        if (playbook == Playbook.RESTART && running - 1 < l.minNodes()) {
            finish(
                    e,
                    RemediationState.SKIPPED,
                    (configured == Playbook.REPLACE
                                    ? "family at its maximum of " + l.maxNodes() + " nodes, and a "
                                    : "a ")
                            + "restart would leave " + (running - 1) + " RUNNING nodes, fewer than the minimum of "
                            + l.minNodes(),
                    now,
                    out);
            return;
        }
        forgetStartsBefore(now - HOUR_MILLIS);
        int inProgress = (int) remediations.values().stream()
                .filter(x -> x.state == RemediationState.EXECUTING)
                .count();
        String wait = inProgress >= l.maxInProgress()
                ? "queued: " + inProgress + " remediations in progress in " + family + ", at most " + l.maxInProgress()
                : starts.size() >= l.maxPerHour()
                        ? "queued: " + starts.size() + " remediations started in " + family
                                + " in the last hour, at most " + l.maxPerHour()
                        : null;
        if (wait != null) {
            if (!wait.equals(e.reason)) {
                e.reason = wait;
                emit(e, now, out);
            }
            return;
        }
        e.playbook = playbook;
        e.state = RemediationState.EXECUTING;
        starts.addLast(now);
        switch (playbook) {
            case REPLACE -> {
                step(e, Step.LAUNCHING, now);
                e.reason = "starting a replacement for " + e.node + " (decision " + e.id + "/out), " + left / 1000
                        + " s before the forecast limit";
                emit(e, now, out);
                out.add(decision(e, ScalingAction.SCALE_OUT, "out", e.reason, now));
            }
            case RESTART -> {
                step(e, Step.STOPPING, now);
                e.reason = "restarting " + e.node + ": stopping it first (decision " + e.id + "/in)"
                        + (configured == Playbook.REPLACE
                                ? ", the family is at its maximum of " + l.maxNodes() + " nodes"
                                : "");
                emit(e, now, out);
                out.add(decision(e, ScalingAction.SCALE_IN, "in", e.reason, now));
            }
            case GC -> {
                e.reason = "asking " + e.node + " for a garbage collection (request " + e.id + "/gc)";
                emit(e, now, out);
                out.add(new GcRequest(
                        e.id + "/gc", e.id, e.node, e.alarmNode(), "remediation " + e.id + ": " + e.evidence));
                finish(e, RemediationState.DONE, "garbage collection of " + e.node + " asked", now, out);
            }
        }
    }

    private void forgetStartsBefore(long cutoff) {
        while (!starts.isEmpty() && starts.peekFirst() <= cutoff) {
            starts.pollFirst();
        }
    }

    /** REPLACE becomes RESTART when the family cannot take one node more. */
    private Playbook plan(Playbook configured, RemediationSettings.Limits l) {
        if (configured != Playbook.REPLACE) {
            return configured;
        }
        long present = members.values().stream()
                .filter(st -> st != DeploymentState.STOPPING)
                .count();
        return present + 1 > l.maxNodes() ? Playbook.RESTART : Playbook.REPLACE;
    }

    private RemediationEntry openFor(String node) {
        for (RemediationEntry e : remediations.values()) {
            if (!e.finished() && e.node.equals(node)) {
                return e;
            }
        }
        return null;
    }

    private static void step(RemediationEntry e, Step step, long now) {
        e.step = step;
        e.stepStartedAt = now;
    }

    private void finish(RemediationEntry e, RemediationState state, String reason, long now, RemedyOutput out) {
        e.state = state;
        e.step = Step.NONE;
        e.reason = reason;
        emit(e, now, out);
    }

    private void emit(RemediationEntry e, long now, RemedyOutput out) {
        e.updatedAt = now;
        out.add(e.toRecord(family));
    }

    private ScalingDecision decision(RemediationEntry e, ScalingAction action, String suffix, String reason, long now) {
        return ScalingDecision.newBuilder()
                .setId(e.id + "/" + suffix)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(now))
                .setAction(action)
                .setCount(1)
                .setCurrentNodes(runningNodes())
                .setReason("remediation " + e.id + ": " + reason)
                .setSource(SOURCE)
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .setNodes(action == ScalingAction.SCALE_IN ? List.of(e.node) : null)
                .build();
    }

    private static String evidence(Alarm a, double seconds) {
        String name = a.getMetric() == null ? a.getType() : MetricId.nameOf(a.getMetric());
        if (a.getValue() == null || a.getLimit() == null) {
            return String.format(Locale.ROOT, "%s forecast to reach its limit in %.0f s", name, seconds);
        }
        double perSecond = seconds > 0 ? (a.getLimit() - a.getValue()) / seconds : 0;
        return String.format(
                Locale.ROOT,
                "%s %,.0f of %,.0f, %+,.2f/s, limit in %.0f s",
                name,
                a.getValue(),
                a.getLimit(),
                perSecond,
                seconds);
    }

    /** The stored form (docs/state-formats.md). */
    public byte[] toBytes() {
        return RemediationStateFormat.toBytes(this);
    }

    /** Reads {@link #toBytes()}'s form. */
    public static FamilyRemediations fromBytes(byte[] bytes) {
        return RemediationStateFormat.fromBytes(bytes);
    }
}
