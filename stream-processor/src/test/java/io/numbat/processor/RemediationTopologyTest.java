package io.numbat.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.config.LiveRules;
import io.numbat.processor.config.ProcessorConfig;
import io.numbat.processor.config.Rulebook;
import io.numbat.processor.remedy.FamilyRemediations;
import io.numbat.processor.remedy.GcActions;
import io.numbat.processor.remedy.RemediationConfig;
import io.numbat.processor.remedy.RemediationSettings;
import io.numbat.processor.remedy.RemedyInput;
import io.numbat.schemas.ActionKind;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.Playbook;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.RemediationVerdict;
import io.numbat.schemas.Sample;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.Severity;
import io.numbat.schemas.manage.ActionSignature;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remediations in the production topology ({@link TopologyFactory}): a node's process leak raises
 * {@code predicted_exhaustion} through the health rules, which opens a remediation of the node's family; the
 * deployer's events (on {@code numbat.deployments}) and the operators' commands (on {@code
 * numbat.remediation-commands}) carry it on; its states go to {@code numbat.remediations} and its decisions to
 * {@code numbat.scaling-decisions}.
 */
class RemediationTopologyTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final double LIMIT = 262_144;
    private static final String NODE = "web-1@h";
    private static final String REPLACEMENT = "web-0a1b2c-1";

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private ProcessorSettings settings;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> metrics;
    private TestInputTopic<String, DeploymentEvent> deployments;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, Remediation> remediations;
    private TestOutputTopic<String, ScalingDecision> decisions;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private TestOutputTopic<String, OperatorAction> actions;
    private long wall = T0;

    private void start(RemediationMode mode) {
        start(ProcessorSettings.defaults(stateDir).withRemediation(RemediationSettings.defaults(mode)));
    }

    private void start(ProcessorSettings settings) {
        this.settings = settings;
        Properties props = TopologyFactory.topologyProperties(settings, registry);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TopologyFactory.build(settings, registry), props, Instant.ofEpochMilli(T0));
        metrics = driver.createInputTopic(
                Topics.METRICS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        deployments = driver.createInputTopic(
                Topics.DEPLOYMENTS.name(),
                Serdes.String().serializer(),
                Topics.DEPLOYMENTS.valueSerde(registry).serializer());
        commands = driver.createInputTopic(
                Topics.REMEDIATION_COMMANDS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        remediations = driver.createOutputTopic(
                Topics.REMEDIATIONS.name(),
                Serdes.String().deserializer(),
                Topics.REMEDIATIONS.valueSerde(registry).deserializer());
        decisions = driver.createOutputTopic(
                Topics.SCALING_DECISIONS.name(),
                Serdes.String().deserializer(),
                Topics.SCALING_DECISIONS.valueSerde(registry).deserializer());
        actions = driver.createOutputTopic(
                Topics.ACTIONS.name(),
                Serdes.String().deserializer(),
                Topics.ACTIONS.valueSerde(registry).deserializer());
        deadLetters = driver.createOutputTopic(
                Topics.DEAD_LETTERS.name(),
                Serdes.String().deserializer(),
                Topics.DEAD_LETTERS.valueSerde(registry).deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private void advanceWallTo(long millis) {
        if (millis > wall) {
            driver.advanceWallClockTime(Duration.ofMillis(millis - wall));
            wall = millis;
        }
    }

    /** A process leak on {@link #NODE} reaching the limit 20 minutes after {@code T0}, until the alarm is raised. */
    private void leakUntilPredicted() {
        long hitsLimitAt = T0 + 1_200_000;
        for (long t = T0; t < hitsLimitAt; t += 10_000) {
            advanceWallTo(t);
            MetricBatch b = MetricBatch.newBuilder()
                    .setNode(NODE)
                    .setFamily("web")
                    .setTimestamp(Instant.ofEpochMilli(t))
                    .setSequence(t)
                    .setSamples(List.of(new Sample(
                            MetricId.PROCESS_COUNT.id(), 1_000 + (LIMIT - 1_000) * (t - T0) / (hitsLimitAt - T0))))
                    .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), LIMIT)))
                    .build();
            metrics.pipeInput(new TestRecord<>(
                    NODE,
                    Topics.METRICS.valueSerde(registry).serializer().serialize(Topics.METRICS.name(), b),
                    Instant.ofEpochMilli(t)));
            if (!remediations.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("no remediation opened by the leak");
    }

    private void deployment(String node, DeploymentState state, String decisionId) {
        DeploymentEvent e = DeploymentEvent.newBuilder()
                .setNode(node)
                .setFamily("web")
                .setDecisionId(decisionId)
                .setProvider("simulated")
                .setState(state)
                .setTimestamp(Instant.ofEpochMilli(wall))
                .build();
        deployments.pipeInput(new TestRecord<>(node, e, Instant.ofEpochMilli(wall)));
    }

    private void command(String key, String id, RemediationVerdict verdict) {
        RemediationCommand c = RemediationCommand.newBuilder()
                .setRemediationId(id)
                .setFamily("web")
                .setVerdict(verdict)
                .setWho("alice")
                .setReason("looked at it")
                .setTimestamp(Instant.ofEpochMilli(wall))
                .build();
        commands.pipeInput(new TestRecord<>(
                key,
                Topics.REMEDIATION_COMMANDS
                        .valueSerde(registry)
                        .serializer()
                        .serialize(Topics.REMEDIATION_COMMANDS.name(), c),
                Instant.ofEpochMilli(wall)));
    }

    /** The decisions the remediations made (the topic also carries none of the policy's here). */
    private List<ScalingDecision> remediationDecisions() {
        return decisions.readValuesToList().stream()
                .filter(d -> FamilyRemediations.SOURCE.equals(d.getSource()))
                .toList();
    }

    @Test
    void aLeakInModeAutoReplacesTheNodeAndStopsItOnceTheReplacementRuns() {
        start(RemediationMode.AUTO);
        deployment(NODE, DeploymentState.RUNNING, "deploy-1");
        leakUntilPredicted();

        List<TestRecord<String, Remediation>> opened = remediations.readRecordsToList();
        assertThat(opened)
                .extracting(r -> r.getValue().getState())
                .containsExactly(RemediationState.PROPOSED, RemediationState.APPROVED, RemediationState.EXECUTING);
        Remediation executing = opened.get(2).getValue();
        String id = executing.getId();
        assertThat(opened).allSatisfy(r -> assertThat(r.getKey()).isEqualTo(id));
        assertThat(id).startsWith("web-1@h/predicted_exhaustion/process_count@");
        assertThat(executing.getNode()).isEqualTo(NODE);
        assertThat(executing.getMode()).isEqualTo(RemediationMode.AUTO);
        assertThat(executing.getExhaustionAt()).isAfter(Instant.ofEpochMilli(wall + 195_000));
        List<ScalingDecision> out = remediationDecisions();
        assertThat(out).singleElement().satisfies(d -> {
            assertThat(d.getId()).isEqualTo(id + "/out");
            assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_OUT);
            assertThat(d.getCount()).isEqualTo(1);
            assertThat(d.getFamily()).isEqualTo("web");
        });

        advanceWallTo(wall + 40_000);
        deployment(REPLACEMENT, DeploymentState.STARTING, id + "/out");
        deployment(REPLACEMENT, DeploymentState.RUNNING, id + "/out");
        assertThat(remediations.readValuesToList()).singleElement().satisfies(r -> {
            assertThat(r.getState()).isEqualTo(RemediationState.EXECUTING);
            assertThat(r.getReplacementNode()).isEqualTo(REPLACEMENT);
            assertThat(r.getReason()).contains("draining and stopping " + NODE);
        });
        assertThat(remediationDecisions()).singleElement().satisfies(d -> {
            assertThat(d.getId()).isEqualTo(id + "/in");
            assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_IN);
            assertThat(d.getNodes()).containsExactly(NODE);
        });

        advanceWallTo(wall + 35_000);
        deployment(NODE, DeploymentState.STOPPING, id + "/in");
        deployment(NODE, DeploymentState.STOPPED, id + "/in");
        assertThat(remediations.readValuesToList()).singleElement().satisfies(r -> {
            assertThat(r.getState()).isEqualTo(RemediationState.DONE);
            assertThat(r.getReason()).contains(NODE + " STOPPED after replacement " + REPLACEMENT + " RUNNING");
        });
        assertThat(remediationDecisions()).isEmpty();

        // a redelivered RUNNING of the replacement and ticks change nothing
        deployment(REPLACEMENT, DeploymentState.RUNNING, id + "/out");
        advanceWallTo(wall + 60_000);
        assertThat(remediations.isEmpty()).isTrue();
        assertThat(remediationDecisions()).isEmpty();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    /** A family in mode monitor (the processor's config file) is never touched: its remediations only notify. */
    @Test
    void aMonitoredFamilysRemediationIsANotificationEvenInModeAuto() {
        ProcessorSettings auto = ProcessorSettings.defaults(stateDir)
                .withRemediation(RemediationSettings.defaults(RemediationMode.AUTO));
        Rulebook book = ProcessorConfig.parse(
                "families: {web: {mode: monitor}}",
                false,
                "processor.yaml",
                auto.liveRules().current().defaults());
        start(auto.withFamilyRules(LiveRules.fixed(book)));
        deployment(NODE, DeploymentState.RUNNING, "deploy-1");
        leakUntilPredicted();

        assertThat(remediations.readValuesToList()).singleElement().satisfies(r -> {
            assertThat(r.getState()).isEqualTo(RemediationState.PROPOSED);
            assertThat(r.getMode()).isEqualTo(RemediationMode.NOTIFY);
        });
        advanceWallTo(wall + 120_000);
        assertThat(remediationDecisions()).as("nothing launched or stopped").isEmpty();
    }

    @Test
    void aGcConfiguredCauseSendsASignedGcActionOfTheWholeNodeToItsAgent() {
        byte[] token = "operator-secret".getBytes(StandardCharsets.UTF_8);
        RemediationSettings configured = RemediationConfig.parse(
                        "families: {web: {mode: auto, causes: {process_count: {playbook: gc}}}}",
                        false,
                        "remedies.yaml",
                        RemediationSettings.defaults())
                .settings();
        start(ProcessorSettings.defaults(stateDir).withRemediation(configured).withGcActions(new GcActions(token)));
        deployment("web-1", DeploymentState.RUNNING, "deploy-1"); // the deployer knows the node by its short name
        leakUntilPredicted();

        List<Remediation> states = remediations.readValuesToList();
        assertThat(states)
                .extracting(Remediation::getState)
                .containsExactly(
                        RemediationState.PROPOSED,
                        RemediationState.APPROVED,
                        RemediationState.EXECUTING,
                        RemediationState.DONE);
        String id = states.get(0).getId();
        assertThat(states.get(0).getPlaybook()).isEqualTo(Playbook.GC);
        assertThat(states.get(0).getNode()).isEqualTo("web-1");
        List<TestRecord<String, OperatorAction>> sent = actions.readRecordsToList();
        assertThat(sent).singleElement().satisfies(r -> {
            assertThat(r.getKey()).isEqualTo(NODE); // as the agent knows it, the alarm's node
            OperatorAction a = r.getValue();
            assertThat(a.getNode()).isEqualTo(NODE);
            assertThat(a.getAction()).isEqualTo(ActionKind.GC);
            assertThat(a.getPid()).isNull();
            assertThat(a.getDryRun()).isFalse();
            assertThat(a.getWho()).isEqualTo(GcActions.WHO);
            assertThat(a.getRequestId()).isEqualTo(id + "/gc");
            assertThat(a.getReason()).startsWith("remediation " + id + ": process_count");
            assertThat(a.getDeadline()).isEqualTo(a.getTimestamp().plus(GcActions.DEADLINE));
            assertThat(ActionSignature.verify(a, token)).isTrue();
            assertThat(ActionSignature.verify(a, "another".getBytes(StandardCharsets.UTF_8)))
                    .isFalse();
        });
        assertThat(remediationDecisions()).isEmpty();
    }

    @Test
    void withoutTheOperatorTokenAGcIsNotSent() {
        start(ProcessorSettings.defaults(stateDir)
                .withRemediation(RemediationSettings.defaults(RemediationMode.AUTO)
                        .withPolicy("web/process_count", new RemediationSettings.Policy(null, Playbook.GC))));
        deployment(NODE, DeploymentState.RUNNING, "deploy-1");
        leakUntilPredicted();

        assertThat(remediations.readValuesToList())
                .extracting(Remediation::getState)
                .contains(RemediationState.DONE);
        assertThat(actions.isEmpty()).isTrue();
    }

    @Test
    void inModeApproveAnOperatorsApprovalStartsTheProposalAndAWrongOneIsRefused() {
        start(RemediationMode.APPROVE);
        deployment(NODE, DeploymentState.RUNNING, "deploy-1");
        leakUntilPredicted();
        Remediation proposed =
                remediations.readValuesToList().stream().reduce((a, b) -> b).orElseThrow();
        assertThat(proposed.getState()).isEqualTo(RemediationState.PROPOSED);
        assertThat(proposed.getReason()).contains("waits for an operator's approval");
        assertThat(remediationDecisions()).isEmpty();

        command("web", "web-1@h/predicted_exhaustion/process_count@1", RemediationVerdict.APPROVE);
        assertThat(remediations.isEmpty()).as("an unknown id changes nothing").isTrue();

        command("web", proposed.getId(), RemediationVerdict.APPROVE);
        assertThat(remediations.readValuesToList())
                .extracting(Remediation::getState, Remediation::getWho)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RemediationState.APPROVED, "alice"),
                        org.assertj.core.groups.Tuple.tuple(RemediationState.EXECUTING, "alice"));
        assertThat(remediationDecisions())
                .singleElement()
                .satisfies(d -> assertThat(d.getId()).isEqualTo(proposed.getId() + "/out"));

        command("web", proposed.getId(), RemediationVerdict.REJECT);
        assertThat(remediations.isEmpty())
                .as("a verdict on a running remediation changes nothing")
                .isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void malformedCommandsGoToTheDeadLettersAndTheGoodOnesAroundThemAreApplied() {
        start(RemediationMode.APPROVE);
        deployment(NODE, DeploymentState.RUNNING, "deploy-1");
        leakUntilPredicted();
        String id = remediations.readValuesToList().get(0).getId();

        commands.pipeInput(
                new TestRecord<>("web", "not avro".getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(wall)));
        command("db", id, RemediationVerdict.REJECT); // keyed by another family than its own
        commands.pipeInput(new TestRecord<>("web", null, Instant.ofEpochMilli(wall)));
        deployments.pipeInput(new TestRecord<>("x@h", null, Instant.ofEpochMilli(wall))); // skipped, not dead-lettered
        command("web", id, RemediationVerdict.REJECT);

        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(3).allSatisfy(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.REMEDIATION_COMMANDS.name());
            assertThat(d.getComponent()).isEqualTo(TopologyFactory.COMPONENT);
        });
        assertThat(dead.get(1).getError()).contains("key must be its family");
        assertThat(remediations.readValuesToList()).singleElement().satisfies(r -> {
            assertThat(r.getState()).isEqualTo(RemediationState.REJECTED);
            assertThat(r.getReason()).isEqualTo("rejected by alice: looked at it");
        });
    }

    @Test
    void theSameAlarmDeliveredTwiceOpensOneRemediation() {
        start(RemediationMode.APPROVE);
        deployment(NODE, DeploymentState.RUNNING, "deploy-1");
        advanceWallTo(T0 + 60_000);
        Alarm raised = Alarm.newBuilder()
                .setId("web-1@h/predicted_exhaustion/process_count")
                .setNode(NODE)
                .setFamily("web")
                .setType("predicted_exhaustion")
                .setState(AlarmState.RAISED)
                .setSeverity(Severity.MAJOR)
                .setTimestamp(Instant.ofEpochMilli(T0 + 60_000))
                .setCause("process_count forecast to reach its limit")
                .setMetric(MetricId.PROCESS_COUNT.id())
                .setValue(200_000.0)
                .setLimit(LIMIT)
                .setSecondsToExhaustion(600.0)
                .build();
        // a redelivery: the health task wrote the alarm to the repartition topic twice (a crash before its commit)
        TestInputTopic<String, RemedyInput> repartition = driver.createInputTopic(
                settings.applicationId() + "-remediation-inputs-by-family-repartition",
                Serdes.String().serializer(),
                new RemedyInput.Serde().serializer());
        repartition.pipeInput(new TestRecord<>("web", RemedyInput.of(raised), Instant.ofEpochMilli(wall)));
        repartition.pipeInput(new TestRecord<>("web", RemedyInput.of(raised), Instant.ofEpochMilli(wall)));
        advanceWallTo(wall + 10_000);

        assertThat(remediations.readValuesToList()).singleElement().satisfies(r -> {
            assertThat(r.getId()).isEqualTo(raised.getId() + "@" + (T0 + 60_000));
            assertThat(r.getState()).isEqualTo(RemediationState.PROPOSED);
        });
    }

    @Test
    void aProposalNobodyApprovesExpiresOnTheTick() {
        start(RemediationMode.APPROVE);
        deployment(NODE, DeploymentState.RUNNING, "deploy-1");
        leakUntilPredicted();
        String id = remediations.readValuesToList().get(0).getId();

        advanceWallTo(wall + Duration.ofMinutes(10).toMillis() + 5_000);
        assertThat(remediations.readValuesToList()).singleElement().satisfies(r -> {
            assertThat(r.getId()).isEqualTo(id);
            assertThat(r.getState()).isEqualTo(RemediationState.EXPIRED);
        });
    }
}
