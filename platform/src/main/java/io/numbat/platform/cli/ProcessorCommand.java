package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import io.numbat.platform.metrics.ActiveAlarms;
import io.numbat.platform.metrics.ComponentMetrics;
import io.numbat.platform.metrics.ProcessorMeters;
import io.numbat.processor.ProcessorSettings;
import io.numbat.processor.StreamProcessorApp;
import io.numbat.processor.anomaly.AnomalyDetector;
import io.numbat.processor.bottleneck.BottleneckSettings;
import io.numbat.processor.config.FamilyRules;
import io.numbat.processor.config.HangupReload;
import io.numbat.processor.config.LiveRules;
import io.numbat.processor.health.HealthRules;
import io.numbat.processor.scaling.ScalingPolicy;
import io.numbat.schemas.config.ConfigException;
import io.numbat.schemas.topic.Topics;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code numbat processor}: the stream processor on its own. */
@Command(
        name = "processor",
        mixinStandardHelpOptions = true,
        description =
                "Run the stream processor (trends, forecasts, alarms, scaling decisions, remediations); print 'numbat ready' "
                        + "once it is RUNNING; run until Ctrl-C; exit 1 with the cause if it fails. Instances with the same --application-id share the work.")
final class ProcessorCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Mixin
    EmbeddedOptions embedded;

    @Option(
            names = "--application-id",
            defaultValue = "numbat-stream-processor",
            description = "Kafka Streams application id (default ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Local state stores (default: streams/ under the data directory).")
    Path stateDir;

    @Option(
            names = "--trend-windows",
            defaultValue = "1m,5m,1h",
            split = ",",
            converter = DurationConverter.class,
            description =
                    "Tumbling trend windows, smallest first, each a multiple of the one before (default ${DEFAULT-VALUE}).")
    List<Duration> trendWindows;

    @Option(names = "--exactly-once", description = "Use exactly_once_v2 instead of at-least-once.")
    boolean exactlyOnce;

    @Option(
            names = "--standby-replicas",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Warm copies of each task's state on other instances, for a fast take-over (default ${DEFAULT-VALUE}).")
    int standbyReplicas;

    @Option(
            names = "--stores",
            paramLabel = "memory|rocksdb",
            defaultValue = "memory",
            converter = StoreKindConverter.class,
            description = "Where the state stores keep their bytes: memory (no local disk; every start restores the "
                    + "changelogs) or rocksdb (a local copy a restart reads back; costs CPU for RocksDB's flushes and "
                    + "compactions) (default ${DEFAULT-VALUE}).")
    ProcessorSettings.StoreKind stores;

    @Option(
            names = "--stream-threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "Stream threads, each taking some of the 12 partitions' tasks (default ${DEFAULT-VALUE}).")
    int streamThreads;

    @Option(
            names = "--commit-interval",
            converter = DurationConverter.class,
            description = "How often offsets are committed and changed state is written to the changelogs "
                    + "(default 30s at least once, 1s with --exactly-once).")
    Duration commitInterval;

    @Option(
            names = "--bottleneck-ticks",
            paramLabel = "N",
            defaultValue = "3",
            description = "Ticks a bottleneck (growing mailbox, reductions or memory share) must last to raise its "
                    + "alarm, and be gone to clear it (default ${DEFAULT-VALUE}).")
    int bottleneckTicks;

    @Option(
            names = "--bottleneck-reductions-share",
            paramLabel = "RATIO",
            defaultValue = "0.5",
            description = "Share of a node's reductions one process type must take to raise a bottleneck alarm "
                    + "(default ${DEFAULT-VALUE}).")
    double bottleneckReductionsShare;

    @Option(
            names = "--bottleneck-memory-share",
            paramLabel = "RATIO",
            defaultValue = "0.5",
            description = "Share of a node's process memory one process must hold (and at least "
                    + "--bottleneck-memory-min) to raise a bottleneck alarm (default ${DEFAULT-VALUE}).")
    double bottleneckMemoryShare;

    @Option(
            names = "--bottleneck-memory-min",
            paramLabel = "BYTES",
            defaultValue = "16MiB",
            converter = ByteSizeConverter.class,
            description = "Least memory of a process for a memory bottleneck alarm (default ${DEFAULT-VALUE}).")
    long bottleneckMemoryMin;

    @Option(
            names = "--bottleneck-queue-min",
            paramLabel = "N",
            defaultValue = "100",
            description = "Least messages of a growing mailbox for a bottleneck alarm (default ${DEFAULT-VALUE}).")
    long bottleneckQueueMin;

    @Option(
            names = "--bottleneck-family-quorum",
            paramLabel = "RATIO",
            defaultValue = "0.5",
            description = "Share of a family's nodes on which one process type must be the culprit for a family "
                    + "bottleneck alarm (default ${DEFAULT-VALUE}).")
    double bottleneckFamilyQuorum;

    @Option(
            names = "--anomaly-detector",
            paramLabel = "transition|seasonal|ensemble",
            defaultValue = AnomalyDetector.DEFAULT_KIND_NAME,
            converter = DetectorKindConverter.class,
            description = "The anomaly detector's novelty model, as in 'numbat replay --detector'; a node's detectors "
                    + "of another kind start afresh (default ${DEFAULT-VALUE}).")
    AnomalyDetector.Kind anomalyDetector;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML or JSON file of rules per family (mode scale|monitor, alarm thresholds, scaling "
                    + "policy) laid over these options; checked at start-up, reloaded on SIGHUP (a file that fails "
                    + "its checks is refused and the running rules stay) (docs/processor-config.md).")
    Path config;

    @Mixin
    RemediationOptions remediation;

    @Mixin
    HealthOptions healthOptions;

    /** The health rules with the bottleneck flags applied (checked: a bad value fails naming the setting). */
    HealthRules.Settings healthRules() {
        BottleneckSettings d = BottleneckSettings.defaults();
        return HealthRules.Settings.defaults()
                .withBottlenecks(d.withTicks(bottleneckTicks)
                        .withQueueMin(bottleneckQueueMin)
                        .withShares(bottleneckReductionsShare, bottleneckMemoryShare, bottleneckMemoryMin)
                        .withFamily(bottleneckFamilyQuorum, d.familyMinNodes(), d.familyEvery()))
                .withAnomalyDetector(anomalyDetector);
    }

    @Override
    public Integer call() throws Exception {
        RemediationOptions.Configured remediations = remediation.configured(); // checked before anything starts
        LiveRules families = familyRules(); // so is the config file
        return Running.serve((closer, fatal) -> {
            ClusterSession session = ClusterSession.open(cluster, embedded, closer, System.out, "stream-processor");
            Path state = stateDir != null ? stateDir : session.dataDir().path().resolve("streams");
            ProcessorSettings settings = ProcessorSettings.defaults(state)
                    .withTrendWindows(trendWindows, Duration.ofSeconds(5))
                    .withDelivery(applicationId, exactlyOnce)
                    .withStandbyReplicas(standbyReplicas)
                    .withStores(stores)
                    .withStreamThreads(streamThreads)
                    .withCommitInterval(commitInterval)
                    .withHealth(healthRules())
                    .withRemediation(remediations.settings())
                    .withGcActions(remediations.gcActions())
                    .withFamilyRules(families);
            if (families != null) {
                closer.add(HangupReload.install(families));
            }
            StreamProcessorApp app =
                    closer.add(new StreamProcessorApp(session.connection(), session.registry(), settings));
            app.failure()
                    .thenAccept(
                            cause -> fatal.accept(new PlatformException(StreamProcessorApp.describe(cause), cause)));
            ComponentMetrics metrics = new ComponentMetrics();
            healthOptions.serve(closer, app::health, metrics);
            ProcessorMeters.bind(metrics, app);
            closer.add(ActiveAlarms.start(
                    metrics,
                    session.connection(),
                    Topics.ALARMS.valueSerde(session.registry()).deserializer()));
            app.start();
            if (!app.awaitRunning(Duration.ofSeconds(120))) {
                throw new PlatformException(
                        "stream processor did not reach RUNNING within 120 s (state " + app.state() + ")");
            }
        });
    }

    /**
     * The rules of {@code --config} over these options (the default scaling policy, the health rules' thresholds), or
     * null without a file; a file that fails its checks stops the command naming every key.
     */
    LiveRules familyRules() {
        if (config == null) {
            return null;
        }
        try {
            return LiveRules.load(config, FamilyRules.of(ScalingPolicy.defaults(), healthRules()));
        } catch (ConfigException | UncheckedIOException e) {
            throw new PlatformException(e.getMessage());
        }
    }

    /** {@code rocksdb} or {@code memory}, in any case. */
    static final class StoreKindConverter implements ITypeConverter<ProcessorSettings.StoreKind> {
        @Override
        public ProcessorSettings.StoreKind convert(String value) {
            return ProcessorSettings.StoreKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }
}
