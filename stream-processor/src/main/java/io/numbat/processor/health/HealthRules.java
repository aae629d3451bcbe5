package io.numbat.processor.health;

import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.processor.alarm.LevelAlarm;
import io.numbat.processor.anomaly.AnomalyDetector;
import io.numbat.processor.bottleneck.BottleneckRules;
import io.numbat.processor.bottleneck.BottleneckSettings;
import io.numbat.processor.bottleneck.BottleneckSignal;
import io.numbat.processor.forecast.ExhaustionForecaster;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Sample;
import io.numbat.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The alarm and forecast rules of one node, in plain Java: limit alarms (value against limit with
 * hysteresis), long message queue, predicted exhaustion (raised when a forecast puts the limit
 * less than {@code raiseBelow} away, cleared when forecasts stop or move beyond twice that), and
 * node down after {@code nodeDownAfter} without metrics, and anomaly (a watched metric's online
 * anomaly score at or above the threshold; cleared after a run of quiet samples), and the bottleneck alarms of
 * {@link BottleneckRules} with the signals for the node's family; and once a minute the node's anomaly scores
 * ({@link AnomalyScoreWindow}). The thresholds of the limit, message queue, anomaly and node-down alarms may differ
 * per family ({@link AlarmThresholds}). Each alarm is raised once, re-raised only
 * when its severity changes, and cleared once.
 */
public final class HealthRules {
    /** Settings of the rules. */
    public record Settings(
            LevelAlarm.Thresholds limits,
            LevelAlarm.Thresholds messageQueue,
            Duration raiseBelow,
            int clearAfterMisses,
            Duration nodeDownAfter,
            ExhaustionForecaster.Settings forecast,
            Set<Integer> anomalyMetrics,
            double anomalyThreshold,
            int anomalyQuietSamples,
            BottleneckSettings bottlenecks,
            AnomalyDetector.Kind anomalyDetector) {
        public Settings {
            Objects.requireNonNull(anomalyDetector, "processor.anomaly-detector");
        }

        /**
         * The anomaly alarm threshold is 0.95, not the 0.51 NAB's optimiser picks (NAB's costs
         * tolerate false positives an operator would not: at 0.51, 1,000 healthy simulated nodes
         * raised 1,857 anomaly alarms in 2 hours, mostly new daily extremes); an anomaly alarm clears
         * after 30 quiet samples. The anomaly detector is {@link AnomalyDetector#DEFAULT_KIND}, the seasonal baseline.
         */
        public static Settings defaults() {
            return new Settings(
                    LevelAlarm.Thresholds.ofLimit(),
                    new LevelAlarm.Thresholds(1_000, 10_000, 100_000, 0.8),
                    Duration.ofMinutes(15),
                    3,
                    Duration.ofSeconds(30),
                    ExhaustionForecaster.Settings.defaults(),
                    Set.of(
                            MetricId.SCHEDULER_UTILISATION.id(),
                            MetricId.RUN_QUEUE.id(),
                            MetricId.PROCESS_COUNT.id(),
                            MetricId.MEMORY_TOTAL.id(),
                            MetricId.MAX_MESSAGE_QUEUE.id()),
                    0.95,
                    30,
                    BottleneckSettings.defaults(),
                    AnomalyDetector.DEFAULT_KIND);
        }

        /** These settings with other bottleneck thresholds. */
        public Settings withBottlenecks(BottleneckSettings b) {
            return new Settings(
                    limits,
                    messageQueue,
                    raiseBelow,
                    clearAfterMisses,
                    nodeDownAfter,
                    forecast,
                    anomalyMetrics,
                    anomalyThreshold,
                    anomalyQuietSamples,
                    b,
                    anomalyDetector);
        }

        /** These settings with another anomaly detector (a node's stored detectors of another kind restart). */
        public Settings withAnomalyDetector(AnomalyDetector.Kind kind) {
            return new Settings(
                    limits,
                    messageQueue,
                    raiseBelow,
                    clearAfterMisses,
                    nodeDownAfter,
                    forecast,
                    anomalyMetrics,
                    anomalyThreshold,
                    anomalyQuietSamples,
                    bottlenecks,
                    kind);
        }
    }

    private final Settings settings;
    /** The alarm thresholds of a family (the settings' own, or the processor's config file's for that family). */
    private final Function<String, AlarmThresholds> thresholds;
    /** The settings' own thresholds: those of a node whose family is not known, or not in {@link #thresholds}. */
    private final AlarmThresholds own;
    /** Whether a metric id is watched for anomalies, by id: a per-sample check without boxing. */
    private final boolean[] watched;

    private final BottleneckRules bottlenecks;
    /** The bottleneck rules' alarms of one batch; reused, a rules instance serves one task's thread. */
    private final List<Alarm> bottleneckAlarms = new ArrayList<>();

    public HealthRules(Settings settings) {
        this(settings, fixed(AlarmThresholds.of(settings)));
    }

    /**
     * Rules whose alarm thresholds are looked up per family, once per batch, in {@code thresholds} (which may change
     * at run time: the processor's config file reloaded); a node whose family is not known yet has the settings' own.
     */
    public HealthRules(Settings settings, Function<String, AlarmThresholds> thresholds) {
        this.settings = settings;
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.own = AlarmThresholds.of(settings);
        this.bottlenecks = new BottleneckRules(settings.bottlenecks());
        int max = settings.anomalyMetrics().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(-1);
        this.watched = new boolean[Math.max(0, max + 1)];
        settings.anomalyMetrics().forEach(m -> {
            if (m >= 0) {
                watched[m] = true;
            }
        });
    }

    private static Function<String, AlarmThresholds> fixed(AlarmThresholds t) {
        return family -> t;
    }

    private AlarmThresholds thresholds(String family) {
        AlarmThresholds t = family == null ? null : thresholds.apply(family);
        return t != null ? t : own;
    }

    private boolean watched(int metric) {
        return metric >= 0
                ? metric < watched.length && watched[metric]
                : settings.anomalyMetrics().contains(metric);
    }

    public Settings settings() {
        return settings;
    }

    /** Applies one batch to the node's state; returns what to publish. */
    public List<HealthOutput> onBatch(NodeHealth h, MetricBatch b, long nowMillis) {
        List<HealthOutput> out = new ArrayList<>();
        String node = b.getNode();
        h.family = b.getFamily();
        AlarmThresholds th = thresholds(h.family);
        NodeLiveness live = h.liveness;
        live.family = h.family;
        live.lastSeenMillis = nowMillis;
        long t = b.getTimestamp().toEpochMilli();
        AnomalyScores scores = h.scores.closeBefore(node, h.family, t, th.anomalyThreshold());
        if (scores != null) {
            out.add(HealthOutput.of(scores));
        }
        if (live.down) {
            live.down = false;
            out.add(alarm(
                    node,
                    h.family,
                    AlarmTypes.NODE_DOWN,
                    null,
                    Optional.empty(),
                    t,
                    node + " reports again",
                    null,
                    null,
                    null));
        }
        Map<Integer, Double> limits = new HashMap<>();
        for (Sample l : b.getLimits()) {
            limits.put(l.getMetric(), l.getValue());
        }
        double reductions = Double.NaN;
        double processMemory = Double.NaN;
        for (Sample s : b.getSamples()) {
            double v = s.getValue();
            if (!Double.isFinite(v)) {
                continue;
            }
            if (s.getMetric() == MetricId.REDUCTIONS.id()) {
                reductions = v;
            } else if (s.getMetric() == MetricId.MEMORY_PROCESSES.id()) {
                processMemory = v;
            }
            Double limit = limits.get(s.getMetric());
            if (limit != null && limit > 0) {
                limitAlarm(h, node, s.getMetric(), v, limit, t, th, out);
                forecast(h, node, s.getMetric(), v, limit, t, out);
            }
            if (watched(s.getMetric())) {
                anomaly(h, node, s.getMetric(), v, t, th, out);
            }
            if (s.getMetric() == MetricId.MAX_MESSAGE_QUEUE.id()) {
                level(
                        h,
                        node,
                        AlarmTypes.LONG_MESSAGE_QUEUE,
                        null,
                        th.messageQueue(),
                        v,
                        null,
                        t,
                        out,
                        () -> String.format(
                                Locale.ROOT, "%s of %s has %,.0f messages in its mailbox", longestQueue(b), node, v));
            }
        }
        BottleneckSignal signal = bottlenecks.onBatch(h.bottlenecks, b, reductions, processMemory, bottleneckAlarms);
        for (int i = 0; i < bottleneckAlarms.size(); i++) {
            out.add(HealthOutput.of(bottleneckAlarms.get(i)));
        }
        bottleneckAlarms.clear();
        if (signal != null) {
            out.add(HealthOutput.of(signal));
        }
        return out;
    }

    /** Raises node_down for a node silent for longer than the grace period. */
    public Optional<HealthOutput> onTimer(String node, NodeLiveness live, long nowMillis) {
        if (live.down
                || nowMillis - live.lastSeenMillis
                        < thresholds(live.family).nodeDownAfter().toMillis()) {
            return Optional.empty();
        }
        live.down = true;
        long silent = (nowMillis - live.lastSeenMillis) / 1000;
        return Optional.of(alarm(
                node,
                live.family,
                AlarmTypes.NODE_DOWN,
                null,
                Optional.of(Severity.CRITICAL),
                nowMillis,
                "no metrics from " + node + " for " + silent + " s",
                null,
                null,
                null));
    }

    private void limitAlarm(
            NodeHealth h,
            String node,
            int metric,
            double v,
            double limit,
            long t,
            AlarmThresholds th,
            List<HealthOutput> out) {
        String type = AlarmTypes.limitAlarm(metric);
        level(
                h,
                node,
                type,
                metric,
                th.limits(),
                v / limit,
                limit,
                t,
                out,
                () -> String.format(
                        Locale.ROOT,
                        "%s at %.0f%% of its limit (%,.0f of %,.0f)",
                        MetricId.nameOf(metric),
                        100 * v / limit,
                        v,
                        limit));
    }

    private void level(
            NodeHealth h,
            String node,
            String type,
            Integer metric,
            LevelAlarm.Thresholds th,
            double x,
            Double limit,
            long t,
            List<HealthOutput> out,
            Supplier<String> cause) {
        String key = h.alarmId(node, type);
        int from = h.levels.getOrDefault(key, 0);
        int to = LevelAlarm.next(th, from, x);
        if (to == from) {
            return; // the usual case: nothing changes, so no cause is formatted
        }
        if (to == 0) {
            h.levels.remove(key);
        } else {
            h.levels.put(key, to);
        }
        Double value = limit == null ? x : x * limit;
        LevelAlarm.change(from, to)
                .ifPresent(c -> out.add(alarm(
                        node,
                        h.family,
                        type,
                        metric,
                        c.severity(),
                        t,
                        c.cleared() ? "cleared: " + cause.get() : cause.get(),
                        value,
                        limit,
                        null)));
    }

    private void forecast(
            NodeHealth h, String node, int metric, double v, double limit, long t, List<HealthOutput> out) {
        ExhaustionForecaster f =
                h.forecasters.computeIfAbsent(metric, m -> new ExhaustionForecaster(settings.forecast()));
        Optional<ExhaustionForecaster.Forecast> fc = f.add(t, v, limit);
        if (!f.closedBlock()) {
            return;
        }
        int[] state = h.predicted.computeIfAbsent(metric, m -> new int[2]);
        int from = state[0];
        int to = from;
        double raise = settings.raiseBelow().toSeconds();
        if (fc.isPresent()) {
            ExhaustionForecaster.Forecast x = fc.get();
            out.add(HealthOutput.of(ExhaustionForecast.newBuilder()
                    .setNode(node)
                    .setFamily(h.family)
                    .setMetric(metric)
                    .setTimestamp(Instant.ofEpochMilli(t))
                    .setValue(x.level())
                    .setLimit(x.limit())
                    .setSecondsToExhaustion(x.secondsToExhaustion())
                    .setConfidence(x.confidence())
                    .build()));
            state[1] = 0;
            double s = x.secondsToExhaustion();
            to = s < raise / 3 ? 3 : s < raise ? 2 : s > 2 * raise ? 0 : from;
            if (to != from) {
                String cause = to == 0
                        ? "cleared: " + MetricId.nameOf(metric) + " no longer forecast to reach its limit soon"
                        : String.format(
                                Locale.ROOT,
                                "%s forecast to reach its limit %,.0f in %s (now %,.0f, confidence %.2f)",
                                MetricId.nameOf(metric),
                                limit,
                                minutes(s),
                                x.level(),
                                x.confidence());
                int toLevel = to;
                LevelAlarm.change(from, to)
                        .ifPresent(c -> out.add(alarm(
                                node,
                                h.family,
                                AlarmTypes.PREDICTED_EXHAUSTION,
                                metric,
                                c.severity(),
                                t,
                                cause,
                                x.level(),
                                limit,
                                toLevel == 0 ? null : s)));
            }
        } else if (from > 0 && ++state[1] >= settings.clearAfterMisses()) {
            to = 0;
            state[1] = 0;
            out.add(alarm(
                    node,
                    h.family,
                    AlarmTypes.PREDICTED_EXHAUSTION,
                    metric,
                    Optional.empty(),
                    t,
                    "cleared: " + MetricId.nameOf(metric) + " is no longer trending towards its limit",
                    v,
                    limit,
                    null));
        }
        state[0] = to;
    }

    private void anomaly(
            NodeHealth h, String node, int metric, double v, long t, AlarmThresholds th, List<HealthOutput> out) {
        AnomalyDetector detector = h.detectors.get(metric);
        if (detector == null || detector.kind() != settings.anomalyDetector()) {
            detector = new AnomalyDetector(settings.anomalyDetector());
            h.detectors.put(metric, detector);
        }
        double score = detector.score(t, v);
        h.scores.record(metric, score, t);
        int[] state = h.anomalies.computeIfAbsent(metric, m -> new int[2]);
        if (score >= th.anomalyThreshold()) {
            state[1] = 0;
            if (state[0] == 0) {
                state[0] = 1;
                out.add(alarm(
                        node,
                        h.family,
                        AlarmTypes.ANOMALY,
                        metric,
                        Optional.of(Severity.MINOR),
                        t,
                        String.format(
                                Locale.ROOT,
                                "%s of %s looks anomalous at %,.2f (score %.2f)",
                                MetricId.nameOf(metric),
                                node,
                                v,
                                score),
                        score,
                        null,
                        null));
            }
        } else if (state[0] == 1 && ++state[1] >= settings.anomalyQuietSamples()) {
            state[0] = 0;
            state[1] = 0;
            out.add(alarm(
                    node,
                    h.family,
                    AlarmTypes.ANOMALY,
                    metric,
                    Optional.empty(),
                    t,
                    "cleared: " + MetricId.nameOf(metric) + " of " + node + " looks normal again",
                    score,
                    null,
                    null));
        }
    }

    /** The process with the longest mailbox in the batch's top list, or "a process" without one. */
    private static String longestQueue(MetricBatch b) {
        ProcessQueue longest = null;
        for (ProcessQueue q : b.getQueues()) {
            if (longest == null || q.getLength() > longest.getLength()) {
                longest = q;
            }
        }
        return longest == null ? "a process" : longest.getProcess() + " (" + longest.getPid() + ")";
    }

    private static String minutes(double seconds) {
        return seconds < 90
                ? String.format(Locale.ROOT, "%.0f s", seconds)
                : String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }

    private static HealthOutput alarm(
            String node,
            String family,
            String type,
            Integer metric,
            Optional<Severity> severity,
            long t,
            String cause,
            Double value,
            Double limit,
            Double secondsToExhaustion) {
        boolean perMetric = AlarmTypes.PREDICTED_EXHAUSTION.equals(type) || AlarmTypes.ANOMALY.equals(type);
        String id = AlarmTypes.id(node, type, perMetric ? metric : null);
        return HealthOutput.of(Alarm.newBuilder()
                .setId(id)
                .setNode(node)
                .setFamily(family)
                .setType(type)
                .setState(severity.isPresent() ? AlarmState.RAISED : AlarmState.CLEARED)
                .setSeverity(severity.orElse(Severity.MINOR))
                .setTimestamp(Instant.ofEpochMilli(t))
                .setCause(cause)
                .setMetric(metric)
                .setValue(value)
                .setLimit(limit)
                .setSecondsToExhaustion(secondsToExhaustion)
                .build());
    }
}
