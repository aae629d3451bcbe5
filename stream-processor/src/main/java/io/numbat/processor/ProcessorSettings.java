package io.numbat.processor;

import io.numbat.processor.config.FamilyRules;
import io.numbat.processor.config.LiveRules;
import io.numbat.processor.health.HealthRules;
import io.numbat.processor.remedy.GcActions;
import io.numbat.processor.remedy.RemediationSettings;
import io.numbat.processor.scaling.ScalingPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Typed settings of the stream processor, validated on construction so bad values fail at start-up
 * naming the setting.
 *
 * @param applicationId Kafka Streams application id; instances with the same id share the work
 * @param stateDir where local state stores live
 * @param trendWindows sizes of the tumbling trend windows, smallest first, each a multiple of the one
 *                     before (the coarser ones are built from the finer ones)
 * @param trendGrace how late a batch may arrive and still count in its window
 * @param scaling the per-family scaling policy
 * @param exactlyOnce {@code exactly_once_v2} instead of at-least-once
 * @param replicationFactor of the internal topics; -1 takes the broker's default
 * @param health alarm thresholds, forecast settings, node-down grace period
 * @param standbyReplicas warm copies of each task's state kept by other instances, so a failed
 *                        instance's tasks resume without replaying their changelogs (0 = none)
 * @param stores where the stores keep their state between commits and restarts: in RocksDB on the
 *               local disk, or in memory (restored from the changelogs at every start)
 * @param streamThreads stream threads of this instance; each takes some of the partitions' tasks
 * @param commitInterval how often input offsets (or the transaction) are committed, and changed state
 *                       is written to the changelogs; null takes the default of the guarantee
 *                       ({@link #commitInterval()})
 * @param remediation how remediations are chosen and bounded (docs/prevent.md): mode, playbooks, rate limits
 * @param gcActions signs the GC playbook's node actions with the operator token; null: none are sent (logged)
 * @param familyRules the rules per family (mode, scaling policy, alarm thresholds) of the processor's config file,
 *                    reloadable (docs/processor-config.md); null: every family has {@code scaling} and
 *                    {@code health}'s thresholds ({@link #liveRules()})
 */
public record ProcessorSettings(
        String applicationId,
        Path stateDir,
        List<Duration> trendWindows,
        Duration trendGrace,
        ScalingPolicy scaling,
        boolean exactlyOnce,
        short replicationFactor,
        HealthRules.Settings health,
        int standbyReplicas,
        StoreKind stores,
        int streamThreads,
        Duration commitInterval,
        RemediationSettings remediation,
        GcActions gcActions,
        LiveRules familyRules) {

    /**
     * Where state stores keep their bytes. MEMORY is the default: the live state is already on the heap
     * (the write-behind stores), and RocksDB's flushes and compactions of the state written at each
     * commit took more CPU than the stream thread itself (3.22 against 2.22 core-µs per sample at
     * 100,000 samples/s). ROCKSDB keeps a local copy, so that a restart reads it back instead of
     * restoring the changelogs.
     */
    public enum StoreKind {
        ROCKSDB,
        MEMORY
    }

    public ProcessorSettings {
        Objects.requireNonNull(applicationId, "processor.application-id");
        Objects.requireNonNull(stateDir, "processor.state-dir");
        trendWindows = checkWindows(trendWindows);
        if (trendGrace == null || trendGrace.isNegative()) {
            throw new IllegalArgumentException("processor.trend-grace must be >= 0, was " + trendGrace);
        }
        Objects.requireNonNull(scaling, "processor.scaling");
        Objects.requireNonNull(health, "processor.health");
        if (commitInterval != null) {
            requirePositive(commitInterval, "processor.commit-interval");
        }
        Objects.requireNonNull(stores, "processor.stores");
        Objects.requireNonNull(remediation, "processor.remediation");
        if (streamThreads < 1) {
            throw new IllegalArgumentException("processor.stream-threads must be >= 1, was " + streamThreads);
        }
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("processor.standby-replicas must be >= 0, was " + standbyReplicas);
        }
        if (replicationFactor < 1 && replicationFactor != -1) {
            throw new IllegalArgumentException(
                    "processor.replication-factor must be >= 1 or -1 (broker default), was " + replicationFactor);
        }
    }

    private static List<Duration> checkWindows(List<Duration> windows) {
        if (windows == null || windows.isEmpty()) {
            throw new IllegalArgumentException("processor.trend-windows needs at least one window");
        }
        for (int i = 0; i < windows.size(); i++) {
            requirePositive(windows.get(i), "processor.trend-windows");
            if (i > 0
                    && (windows.get(i).compareTo(windows.get(i - 1)) <= 0
                            || windows.get(i).toMillis() % windows.get(i - 1).toMillis() != 0)) {
                throw new IllegalArgumentException(
                        "processor.trend-windows must grow, each a multiple of the one before, was " + windows);
            }
        }
        return List.copyOf(windows);
    }

    /** The finest trend window: the one scaling decisions and forecasts of family load are based on. */
    public Duration trendWindow() {
        return trendWindows.get(0);
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
    }

    /** The default trend windows: 1 min, 5 min and 1 h. */
    public static final List<Duration> DEFAULT_WINDOWS =
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));

    /**
     * Production defaults: 1 min, 5 min and 1 h trends, the default scaling policy and health rules, remediations in
     * mode APPROVE ({@link RemediationSettings#defaults()}).
     */
    public static ProcessorSettings defaults(Path stateDir) {
        return new ProcessorSettings(
                "numbat-stream-processor",
                stateDir,
                DEFAULT_WINDOWS,
                Duration.ofSeconds(5),
                ScalingPolicy.defaults(),
                false,
                (short) -1,
                HealthRules.Settings.defaults(),
                0,
                StoreKind.MEMORY,
                1,
                null,
                RemediationSettings.defaults(),
                null,
                null);
    }

    /** These trend windows, smallest first. */
    public ProcessorSettings withTrendWindows(List<Duration> windows, Duration grace) {
        return new ProcessorSettings(
                applicationId,
                stateDir,
                windows,
                grace,
                scaling,
                exactlyOnce,
                replicationFactor,
                health,
                standbyReplicas,
                stores,
                streamThreads,
                commitInterval,
                remediation,
                gcActions,
                familyRules);
    }

    /**
     * {@code window} as the finest trend window, followed by those of the default 5 min and 1 h
     * windows that are longer multiples of it.
     */
    public ProcessorSettings withTrendWindow(Duration window, Duration grace) {
        List<Duration> windows = new ArrayList<>(List.of(window));
        DEFAULT_WINDOWS.stream()
                .filter(w -> w.compareTo(window) > 0 && w.toMillis() % window.toMillis() == 0)
                .forEach(windows::add);
        return withTrendWindows(windows, grace);
    }

    /** The same settings under another application id and processing guarantee. */
    public ProcessorSettings withDelivery(String id, boolean exactly) {
        return new ProcessorSettings(
                id,
                stateDir,
                trendWindows,
                trendGrace,
                scaling,
                exactly,
                replicationFactor,
                health,
                standbyReplicas,
                stores,
                streamThreads,
                commitInterval,
                remediation,
                gcActions,
                familyRules);
    }

    /** These settings with the stores keeping their state as {@code kind} says. */
    public ProcessorSettings withStores(StoreKind kind) {
        return new ProcessorSettings(
                applicationId,
                stateDir,
                trendWindows,
                trendGrace,
                scaling,
                exactlyOnce,
                replicationFactor,
                health,
                standbyReplicas,
                kind,
                streamThreads,
                commitInterval,
                remediation,
                gcActions,
                familyRules);
    }

    /** These settings with {@code threads} stream threads. */
    public ProcessorSettings withStreamThreads(int threads) {
        return new ProcessorSettings(
                applicationId,
                stateDir,
                trendWindows,
                trendGrace,
                scaling,
                exactlyOnce,
                replicationFactor,
                health,
                standbyReplicas,
                stores,
                threads,
                commitInterval,
                remediation,
                gcActions,
                familyRules);
    }

    /** These settings committing every {@code interval} (null: the guarantee's default). */
    public ProcessorSettings withCommitInterval(Duration interval) {
        return new ProcessorSettings(
                applicationId,
                stateDir,
                trendWindows,
                trendGrace,
                scaling,
                exactlyOnce,
                replicationFactor,
                health,
                standbyReplicas,
                stores,
                streamThreads,
                interval,
                remediation,
                gcActions,
                familyRules);
    }

    /**
     * The commit interval: as set, else 30 s at least once (Kafka Streams' own default) and 1 s
     * exactly once. Changed state is written to the changelogs once per commit, so at least once a
     * node that reports every 10 s has its state written once per three reports; a crash replays up to
     * one interval of input (outputs of the replay repeat earlier ones: same keys, same values).
     * Exactly once, outputs become visible to {@code read_committed} consumers at each commit, so the
     * interval bounds the extra alarm latency.
     */
    public Duration commitInterval() {
        return commitInterval != null ? commitInterval : defaultCommitInterval(exactlyOnce);
    }

    /** The commit interval when none is set: 1 s exactly once, 30 s at least once (see {@link #commitInterval()}). */
    public static Duration defaultCommitInterval(boolean exactlyOnce) {
        return exactlyOnce ? Duration.ofSeconds(1) : Duration.ofSeconds(30);
    }

    public ProcessorSettings withStandbyReplicas(int replicas) {
        return new ProcessorSettings(
                applicationId,
                stateDir,
                trendWindows,
                trendGrace,
                scaling,
                exactlyOnce,
                replicationFactor,
                health,
                replicas,
                stores,
                streamThreads,
                commitInterval,
                remediation,
                gcActions,
                familyRules);
    }

    public ProcessorSettings withScaling(ScalingPolicy policy) {
        return new ProcessorSettings(
                applicationId,
                stateDir,
                trendWindows,
                trendGrace,
                policy,
                exactlyOnce,
                replicationFactor,
                health,
                standbyReplicas,
                stores,
                streamThreads,
                commitInterval,
                remediation,
                gcActions,
                familyRules);
    }

    /** These settings with {@code r} for the remediations (docs/prevent.md). */
    public ProcessorSettings withRemediation(RemediationSettings r) {
        return new ProcessorSettings(
                applicationId,
                stateDir,
                trendWindows,
                trendGrace,
                scaling,
                exactlyOnce,
                replicationFactor,
                health,
                standbyReplicas,
                stores,
                streamThreads,
                commitInterval,
                r,
                gcActions,
                familyRules);
    }

    public ProcessorSettings withHealth(HealthRules.Settings rules) {
        return new ProcessorSettings(
                applicationId,
                stateDir,
                trendWindows,
                trendGrace,
                scaling,
                exactlyOnce,
                replicationFactor,
                rules,
                standbyReplicas,
                stores,
                streamThreads,
                commitInterval,
                remediation,
                gcActions,
                familyRules);
    }

    /**
     * The rules per family: the config file's if given ({@link #withFamilyRules}), else every family in mode scale
     * with {@link #scaling()} and the thresholds of {@link #health()}.
     */
    public LiveRules liveRules() {
        return familyRules != null ? familyRules : LiveRules.fixed(FamilyRules.of(scaling, health));
    }

    /**
     * These settings with {@code rules} per family; build them over this {@link #scaling()} and {@link #health()}
     * ({@link FamilyRules#of}), which they then stand for.
     */
    public ProcessorSettings withFamilyRules(LiveRules rules) {
        return new ProcessorSettings(
                applicationId,
                stateDir,
                trendWindows,
                trendGrace,
                scaling,
                exactlyOnce,
                replicationFactor,
                health,
                standbyReplicas,
                stores,
                streamThreads,
                commitInterval,
                remediation,
                gcActions,
                rules);
    }

    /** These settings with {@code g} signing the GC playbook's node actions (null: none are sent). */
    public ProcessorSettings withGcActions(GcActions g) {
        return new ProcessorSettings(
                applicationId,
                stateDir,
                trendWindows,
                trendGrace,
                scaling,
                exactlyOnce,
                replicationFactor,
                health,
                standbyReplicas,
                stores,
                streamThreads,
                commitInterval,
                remediation,
                g,
                familyRules);
    }
}
