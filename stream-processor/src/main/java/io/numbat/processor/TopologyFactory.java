package io.numbat.processor;

import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.processor.bottleneck.BottleneckSignal;
import io.numbat.processor.bottleneck.FamilyBottlenecks;
import io.numbat.processor.bottleneck.FamilyBottlenecksProcessor;
import io.numbat.processor.config.LiveRules;
import io.numbat.processor.deadletter.BatchRules;
import io.numbat.processor.deadletter.DeadLetterRecords;
import io.numbat.processor.deadletter.DeadLetteringDeserializationHandler;
import io.numbat.processor.deadletter.DeadLetteringProcessingHandler;
import io.numbat.processor.deadletter.DeadLetteringProductionHandler;
import io.numbat.processor.deadletter.DecodeProcessor;
import io.numbat.processor.deadletter.Decoded;
import io.numbat.processor.deadletter.RegistryBackoff;
import io.numbat.processor.health.HealthOutput;
import io.numbat.processor.health.HealthRules;
import io.numbat.processor.health.NodeHealthProcessor;
import io.numbat.processor.health.NodeHealthSerde;
import io.numbat.processor.health.NodeLiveness;
import io.numbat.processor.remedy.FamilyRemediations;
import io.numbat.processor.remedy.FamilyRemediationsProcessor;
import io.numbat.processor.remedy.FamilyRemediationsSerde;
import io.numbat.processor.remedy.RemedyInput;
import io.numbat.processor.scaling.FamilyLoadSerde;
import io.numbat.processor.scaling.FamilyScalingProcessor;
import io.numbat.processor.scaling.LoadSignal;
import io.numbat.processor.silence.SilenceMarker;
import io.numbat.processor.state.WriteBehindStores;
import io.numbat.processor.trend.CoarserTrendsProcessor;
import io.numbat.processor.trend.FamilyPartial;
import io.numbat.processor.trend.FamilyPartialsProcessor;
import io.numbat.processor.trend.FamilyRollupProcessor;
import io.numbat.processor.trend.NodeWindowsProcessor;
import io.numbat.processor.trend.OpenWindows;
import io.numbat.processor.trend.TrendRecords;
import io.numbat.processor.trend.WindowTrends;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.PolicyMode;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.Silence;
import io.numbat.schemas.TrendWindow;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Numbat's one topology; {@code main} and every topology test call this. Metrics are decoded
 * (unreadable ones go to the dead-letter topic); per node they feed the health rules (limit
 * alarms, exhaustion forecasts, predicted exhaustion, node down, anomalies and their scores once a minute,
 * bottlenecks; the bottleneck signals
 * meet per family for the family's bottleneck alarms) and tumbling-window trends (the
 * finest window aggregated from batches, each coarser one from the window below it), rolled up per
 * family; the finest utilisation trends and the exhaustion forecasts feed the per-family scaling
 * policy that emits decisions. The alarm thresholds, the scaling policy and the mode (scale or monitor) are
 * looked up per family in the settings' {@link LiveRules}, which a reload of the config file swaps without touching
 * the stores. The {@code predicted_exhaustion} alarms, the deployer's events and the operators'
 * commands meet per family for the remediations (docs/prevent.md). Every alarm is marked silenced or not as it is
 * emitted, against the operators' silences (a global table of {@code numbat.silences}).
 */
public final class TopologyFactory {
    /** Names this component in dead letters. */
    public static final String COMPONENT = "stream-processor";

    /**
     * A family's window is rolled up once no node window joined it for this long (wall clock): the
     * node windows of a family close on different partitions a few seconds apart.
     */
    static final Duration ROLLUP_QUIET = Duration.ofSeconds(30);

    /** How often each task hands its partial family roll-ups on (wall clock). */
    static final Duration PARTIALS_EVERY = Duration.ofSeconds(2);

    /** How often each family's remediations hear the time (wall clock): expiries, time-outs, queued starts. */
    static final Duration REMEDIATION_TICK = Duration.ofSeconds(5);

    /** The longest reason a remediation command may carry. */
    static final int MAX_COMMAND_REASON = 2_000;

    private TopologyFactory() {}

    /**
     * The Kafka Streams properties the topology runs with: the naming rules and the exception handlers
     * that dead-letter what the topology's own checks did not catch (a corrupt record on a repartition
     * topic, a processor failing on a record, an output the broker refuses). Numbat's own handlers
     * rather than {@code errors.dead.letter.queue.topic.name}: that one writes the raw record with
     * error headers, and Numbat's dead letters are {@code DeadLetter} records that always fit.
     */
    public static Properties topologyProperties(ProcessorSettings settings, SchemaRegistryClient registry) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(DeadLetterRecords.CONFIG, new DeadLetterRecords(COMPONENT, registry));
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringDeserializationHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProcessingHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProductionHandler.class);
        return p;
    }

    public static Topology build(ProcessorSettings settings, SchemaRegistryClient registry) {
        return build(settings, registry, RegistryBackoff.defaults());
    }

    /** As above, waiting for an unreachable registry as {@code backoff} says (tests wait less). */
    public static Topology build(ProcessorSettings settings, SchemaRegistryClient registry, RegistryBackoff backoff) {
        StreamsBuilder builder =
                new StreamsBuilder(new TopologyConfig(new StreamsConfig(topologyProperties(settings, registry))));
        Serde<MetricBatch> batchSerde = Topics.METRICS.valueSerde(registry);
        Serde<TrendWindow> trendSerde = Topics.TREND_WINDOWS.valueSerde(registry);
        Serde<ScalingDecision> decisionSerde = Topics.SCALING_DECISIONS.valueSerde(registry);
        Serde<DeadLetter> deadLetterSerde = Topics.DEAD_LETTERS.valueSerde(registry);
        BatchRules rules = BatchRules.defaults();
        LiveRules families = settings.liveRules();
        boolean memory = settings.stores() == ProcessorSettings.StoreKind.MEMORY;

        Map<String, KStream<String, Decoded<MetricBatch>>> decoded = builder.stream(
                        Topics.METRICS.name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("metrics-source"))
                .processValues(
                        () -> new DecodeProcessor<>(
                                batchSerde.deserializer(),
                                COMPONENT,
                                (node, batch, now) ->
                                        rules.problem(node, batch, now).orElse(null),
                                backoff),
                        Named.as("metrics-decode"))
                .split(Named.as("metrics-"))
                .branch((node, d) -> d.isOk(), Branched.as("readable"))
                .defaultBranch(Branched.as("unreadable"));

        decoded.get("metrics-unreadable")
                .map(
                        (node, d) -> KeyValue.pair(d.deadLetter().getSourceTopic(), d.deadLetter()),
                        Named.as("metrics-dead-letter"))
                .to(
                        Topics.DEAD_LETTERS.name(),
                        Produced.with(Serdes.String(), deadLetterSerde).withName("dead-letters-sink"));

        KStream<String, MetricBatch> batches =
                decoded.get("metrics-readable").mapValues(Decoded::value, Named.as("metrics-value"));

        builder.addStateStore(WriteBehindStores.of(
                NodeHealthProcessor.STORE,
                memory,
                Serdes.String(),
                new NodeHealthSerde(settings.health().forecast())));
        builder.addStateStore(WriteBehindStores.of(
                NodeHealthProcessor.LIVENESS_STORE, memory, Serdes.String(), new NodeLiveness.Serde()));
        Map<String, KStream<String, HealthOutput>> health = batches.process(
                        () -> new NodeHealthProcessor(new HealthRules(settings.health(), families::alarms)),
                        Named.as("node-health"),
                        NodeHealthProcessor.STORE,
                        NodeHealthProcessor.LIVENESS_STORE)
                .split(Named.as("health-"))
                .branch((key, o) -> o.isForecast(), Branched.as("forecasts"))
                .branch((key, o) -> o.isSignal(), Branched.as("bottleneck-signals"))
                .branch((key, o) -> o.isScores(), Branched.as("anomaly-scores"))
                .defaultBranch(Branched.as("alarms"));
        KStream<String, ExhaustionForecast> forecasts =
                health.get("health-forecasts").mapValues(HealthOutput::forecast, Named.as("forecast-value"));
        forecasts.to(
                Topics.FORECASTS.name(),
                Produced.with(Serdes.String(), Topics.FORECASTS.valueSerde(registry))
                        .withName("forecasts-sink"));
        // the operators' silences, every one in every task: each alarm is marked as it is emitted (docs/alerting.md)
        builder.globalTable(
                Topics.SILENCES.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("silences-source"),
                Materialized.<String, byte[]>as(Stores.inMemoryKeyValueStore(SilenceMarker.STORE))
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray()));
        Serde<Silence> silenceSerde = Topics.SILENCES.valueSerde(registry);
        KStream<String, Alarm> nodeAlarms = health.get("health-alarms")
                .mapValues(HealthOutput::alarm, Named.as("alarm-value"))
                .processValues(() -> new SilenceMarker(silenceSerde.deserializer()), Named.as("alarm-silences"));
        nodeAlarms.to(
                Topics.ALARMS.name(),
                Produced.with(Serdes.String(), Topics.ALARMS.valueSerde(registry))
                        .withName("alarms-sink"));

        health.get("health-anomaly-scores")
                .mapValues(HealthOutput::scores, Named.as("anomaly-scores-value"))
                .to(
                        Topics.ANOMALY_SCORES.name(),
                        Produced.with(Serdes.String(), Topics.ANOMALY_SCORES.valueSerde(registry))
                                .withName("anomaly-scores-sink"));

        // each node's bottleneck signals (on a change, else once a minute) meet in their family's task
        builder.addStateStore(WriteBehindStores.of(
                FamilyBottlenecksProcessor.STORE, memory, Serdes.String(), new FamilyBottlenecks.Serde()));
        health.get("health-bottleneck-signals")
                .mapValues(HealthOutput::signal, Named.as("bottleneck-signal-value"))
                .repartition(Repartitioned.<String, BottleneckSignal>as("bottleneck-signals-by-family")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new BottleneckSignal.Serde()))
                .process(
                        () -> new FamilyBottlenecksProcessor(settings.health().bottlenecks()),
                        Named.as("family-bottlenecks"),
                        FamilyBottlenecksProcessor.STORE)
                .processValues(() -> new SilenceMarker(silenceSerde.deserializer()), Named.as("family-alarm-silences"))
                .to(
                        Topics.ALARMS.name(),
                        Produced.with(Serdes.String(), Topics.ALARMS.valueSerde(registry))
                                .withName("family-alarms-sink"));

        builder.addStateStore(
                WriteBehindStores.of(NodeWindowsProcessor.STORE, memory, Serdes.String(), new OpenWindows.Serde()));
        AtomicLong lastBatchMillis = new AtomicLong(); // when the trend windows' input was last busy, any task
        KStream<String, WindowTrends> finest = batches.process(
                () -> new NodeWindowsProcessor(
                        settings.trendWindow().toMillis(), settings.trendGrace().toMillis(), lastBatchMillis),
                Named.as("trend-windows"),
                NodeWindowsProcessor.STORE);

        // coarser windows (5 min, 1 h) built from the finer ones, per node, without a repartition
        KStream<String, WindowTrends> windows = finest;
        KStream<String, WindowTrends> finer = finest;
        for (Duration size :
                settings.trendWindows().subList(1, settings.trendWindows().size())) {
            String name = "trends-" + size.toSeconds() + "s";
            // each node's partial as one array merged into in place (CoarsePartial), written at commits
            builder.addStateStore(CoarserTrendsProcessor.store(name + "-store", memory));
            KStream<String, WindowTrends> coarser = finer.process(
                    () -> new CoarserTrendsProcessor(size.toMillis(), name + "-store"),
                    Named.as(name),
                    name + "-store");
            windows = windows.merge(coarser, Named.as(name + "-merge"));
            finer = coarser;
        }

        windows.mapValues((node, w) -> TrendRecords.of(node, w.start(), w.end(), w.trends()), Named.as("trend-records"))
                .to(
                        Topics.TREND_WINDOWS.name(),
                        Produced.with(Serdes.String(), trendSerde).withName("trends-sink"));

        // family roll-ups of every metric and window, published as trends of node family:<name>
        builder.addStateStore(WriteBehindStores.of(
                FamilyRollupProcessor.STORE, memory, Serdes.String(), new FamilyRollupProcessor.WindowSerde()));
        builder.addStateStore(WriteBehindStores.of(
                FamilyPartialsProcessor.STORE, memory, Serdes.String(), new FamilyPartial.Serde()));
        windows.process(
                        () -> new FamilyPartialsProcessor(PARTIALS_EVERY),
                        Named.as("family-partials"),
                        FamilyPartialsProcessor.STORE)
                .repartition(Repartitioned.<String, FamilyPartial>as("family-partials-by-family")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new FamilyPartial.Serde()))
                .process(
                        () -> new FamilyRollupProcessor(ROLLUP_QUIET),
                        Named.as("family-rollup"),
                        FamilyRollupProcessor.STORE)
                .to(
                        Topics.TREND_WINDOWS.name(),
                        Produced.with(Serdes.String(), trendSerde).withName("family-trends-sink"));

        builder.addStateStore(
                WriteBehindStores.of(FamilyScalingProcessor.STORE, memory, Serdes.String(), new FamilyLoadSerde()));
        KStream<String, LoadSignal> utilisation = finest.filter(
                        (node, w) -> w.trends().hasSamplesOf(MetricId.SCHEDULER_UTILISATION.id()),
                        Named.as("utilisation-trends"))
                .map(
                        (node, w) -> KeyValue.pair(
                                w.trends().family(),
                                LoadSignal.utilisation(
                                        node,
                                        w.trends()
                                                .accumulator(MetricId.SCHEDULER_UTILISATION.id())
                                                .mean(),
                                        w.end())),
                        Named.as("utilisation-signals"));
        KStream<String, LoadSignal> forecastSignals = forecasts.map(
                (key, f) -> KeyValue.pair(
                        f.getFamily(),
                        LoadSignal.forecast(
                                f.getNode(),
                                f.getMetric(),
                                f.getSecondsToExhaustion(),
                                f.getTimestamp().toEpochMilli())),
                Named.as("forecast-signals"));
        // operators' decisions (deployer API, console, numbat deploy) and policy modes, so that the policy
        // does not undo an operator's change; unreadable decisions are the deployer's to dead-letter
        KStream<String, LoadSignal> operatorDecisions = builder.stream(
                        Topics.SCALING_DECISIONS.name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("decisions-source"))
                .processValues(
                        () -> new DecodeProcessor<>(
                                decisionSerde.deserializer(), COMPONENT, (family, d, now) -> null, backoff),
                        Named.as("decisions-decode"))
                .filter(
                        (key, d) -> d.isOk() && "operator".equals(d.value().getSource()),
                        Named.as("operator-decisions"))
                .map(
                        (key, d) -> KeyValue.pair(
                                d.value().getFamily(),
                                LoadSignal.operatorDecision(
                                        d.value().getId(),
                                        d.value().getAction() == ScalingAction.SCALE_OUT,
                                        d.value().getCount(),
                                        d.value().getTimestamp().toEpochMilli())),
                        Named.as("operator-decision-signals"));
        Serde<FamilyPolicy> policySerde = Topics.FAMILY_POLICIES.valueSerde(registry);
        Map<String, KStream<String, Decoded<FamilyPolicy>>> policies = builder.stream(
                        Topics.FAMILY_POLICIES.name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("policies-source"))
                .processValues(
                        () -> new DecodeProcessor<>(
                                policySerde.deserializer(),
                                COMPONENT,
                                (family, p, now) -> !p.getFamily().equals(family)
                                        ? "a family policy's key must be its family (compaction keeps the latest per key), was "
                                                + family
                                        : p.getMode() == PolicyMode.PINNED && p.getPinnedNodes() < 0
                                                ? "pinnedNodes must be >= 0, was " + p.getPinnedNodes()
                                                : null,
                                backoff),
                        Named.as("policies-decode"))
                .split(Named.as("policies-"))
                .branch((key, d) -> d.isOk(), Branched.as("readable"))
                .defaultBranch(Branched.as("unreadable"));
        policies.get("policies-unreadable")
                .map(
                        (key, d) -> KeyValue.pair(d.deadLetter().getSourceTopic(), d.deadLetter()),
                        Named.as("policies-dead-letter"))
                .to(
                        Topics.DEAD_LETTERS.name(),
                        Produced.with(Serdes.String(), deadLetterSerde).withName("policies-dead-letters-sink"));
        KStream<String, LoadSignal> policySignals = policies.get("policies-readable")
                .map(
                        (key, d) -> KeyValue.pair(
                                d.value().getFamily(),
                                LoadSignal.policyMode(
                                        d.value().getMode(),
                                        d.value().getPinnedNodes(),
                                        d.value().getTimestamp().toEpochMilli())),
                        Named.as("policy-signals"));

        utilisation
                .merge(forecastSignals, Named.as("load-signals"))
                .merge(operatorDecisions, Named.as("operator-decision-merge"))
                .merge(policySignals, Named.as("policy-merge"))
                .repartition(Repartitioned.<String, LoadSignal>as("load-signals-by-family")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new LoadSignal.Serde()))
                .process(
                        () -> new FamilyScalingProcessor(
                                families::scaling, settings.trendWindow().multipliedBy(3)),
                        Named.as("family-scaling"),
                        FamilyScalingProcessor.STORE)
                .to(
                        Topics.SCALING_DECISIONS.name(),
                        Produced.with(Serdes.String(), decisionSerde).withName("scaling-decisions-sink"));

        remediations(builder, settings, families, registry, backoff, nodeAlarms);
        return builder.build();
    }

    /**
     * The remediations (docs/prevent.md): the {@code predicted_exhaustion} alarms of the health rules, the deployer's
     * events and the operators' commands, re-keyed by family and merged into one repartition, meet each family's
     * {@link FamilyRemediations} (punctuated every {@link #REMEDIATION_TICK}), which writes the remediations' states
     * and its deployer decisions. Unreadable deployment events are skipped (the deployer dead-letters them);
     * unreadable commands are dead-lettered here, this being their reader.
     */
    private static void remediations(
            StreamsBuilder builder,
            ProcessorSettings settings,
            LiveRules families,
            SchemaRegistryClient registry,
            RegistryBackoff backoff,
            KStream<String, Alarm> nodeAlarms) {
        boolean memory = settings.stores() == ProcessorSettings.StoreKind.MEMORY;
        KStream<String, RemedyInput> alarms = nodeAlarms
                .filter(
                        (id, a) -> AlarmTypes.PREDICTED_EXHAUSTION.equals(a.getType()) && a.getFamily() != null,
                        Named.as("remediation-alarms"))
                .map((id, a) -> KeyValue.pair(a.getFamily(), RemedyInput.of(a)), Named.as("remediation-alarm-inputs"));

        Serde<DeploymentEvent> deploymentSerde = Topics.DEPLOYMENTS.valueSerde(registry);
        KStream<String, RemedyInput> deployments = builder.stream(
                        Topics.DEPLOYMENTS.name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("deployments-source"))
                .processValues(
                        () -> new DecodeProcessor<>(
                                deploymentSerde.deserializer(), COMPONENT, (node, e, now) -> null, backoff),
                        Named.as("deployments-decode"))
                .filter((node, d) -> d.isOk() && d.value().getFamily() != null, Named.as("readable-deployments"))
                .map(
                        (node, d) -> KeyValue.pair(d.value().getFamily(), RemedyInput.of(d.value())),
                        Named.as("remediation-deployment-inputs"));

        Serde<RemediationCommand> commandSerde = Topics.REMEDIATION_COMMANDS.valueSerde(registry);
        Map<String, KStream<String, Decoded<RemediationCommand>>> commands = builder.stream(
                        Topics.REMEDIATION_COMMANDS.name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("remediation-commands-source"))
                .processValues(
                        () -> new DecodeProcessor<>(
                                commandSerde.deserializer(), COMPONENT, TopologyFactory::commandProblem, backoff),
                        Named.as("remediation-commands-decode"))
                .split(Named.as("remediation-commands-"))
                .branch((key, d) -> d.isOk(), Branched.as("readable"))
                .defaultBranch(Branched.as("unreadable"));
        commands.get("remediation-commands-unreadable")
                .map(
                        (key, d) -> KeyValue.pair(d.deadLetter().getSourceTopic(), d.deadLetter()),
                        Named.as("remediation-commands-dead-letter"))
                .to(
                        Topics.DEAD_LETTERS.name(),
                        Produced.with(Serdes.String(), Topics.DEAD_LETTERS.valueSerde(registry))
                                .withName("remediation-commands-dead-letters-sink"));
        KStream<String, RemedyInput> commandInputs = commands.get("remediation-commands-readable")
                .map(
                        (key, d) -> KeyValue.pair(d.value().getFamily(), RemedyInput.of(d.value())),
                        Named.as("remediation-command-inputs"));

        builder.addStateStore(WriteBehindStores.of(
                FamilyRemediationsProcessor.STORE, memory, Serdes.String(), new FamilyRemediationsSerde()));
        Map<String, KStream<String, SpecificRecord>> out = alarms.merge(
                        deployments, Named.as("remediation-deployments-merge"))
                .merge(commandInputs, Named.as("remediation-commands-merge"))
                .repartition(Repartitioned.<String, RemedyInput>as("remediation-inputs-by-family")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new RemedyInput.Serde()))
                .process(
                        () -> new FamilyRemediationsProcessor(
                                settings.remediation(), families::monitored, settings.gcActions(), REMEDIATION_TICK),
                        Named.as("family-remediations"),
                        FamilyRemediationsProcessor.STORE)
                .split(Named.as("remediation-outputs-"))
                .branch((key, r) -> r instanceof Remediation, Branched.as("states"))
                .branch((key, r) -> r instanceof OperatorAction, Branched.as("actions"))
                .defaultBranch(Branched.as("decisions"));
        out.get("remediation-outputs-states")
                .mapValues(r -> (Remediation) r, Named.as("remediation-value"))
                .to(
                        Topics.REMEDIATIONS.name(),
                        Produced.with(Serdes.String(), Topics.REMEDIATIONS.valueSerde(registry))
                                .withName("remediations-sink"));
        // the GC playbook's node actions, signed, keyed by node, for the agent that watches it (docs/prevent.md)
        out.get("remediation-outputs-actions")
                .mapValues(r -> (OperatorAction) r, Named.as("remediation-action-value"))
                .to(
                        Topics.ACTIONS.name(),
                        Produced.with(Serdes.String(), Topics.ACTIONS.valueSerde(registry))
                                .withName("remediation-actions-sink"));
        out.get("remediation-outputs-decisions")
                .mapValues(r -> (ScalingDecision) r, Named.as("remediation-decision-value"))
                .to(
                        Topics.SCALING_DECISIONS.name(),
                        Produced.with(Serdes.String(), Topics.SCALING_DECISIONS.valueSerde(registry))
                                .withName("remediation-decisions-sink"));
    }

    /**
     * Why a remediation command cannot be used, or null: its key must be its family (the topic's partitioning), and
     * it must name a remediation and who sent it.
     */
    static String commandProblem(String key, RemediationCommand c, long nowMillis) {
        if (!c.getFamily().equals(key)) {
            return "a remediation command's key must be its family, was " + key + " for family " + c.getFamily();
        }
        if (c.getRemediationId().isBlank() || c.getWho().isBlank()) {
            return "a remediation command needs a remediation id and who sent it";
        }
        if (c.getReason() != null && c.getReason().length() > MAX_COMMAND_REASON) {
            return "a remediation command's reason is limited to " + MAX_COMMAND_REASON + " characters, was "
                    + c.getReason().length();
        }
        return null;
    }
}
