package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.deployer.DeployerVerticle;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.ProviderContext;
import io.numbat.deployer.provider.ProviderFactory;
import io.numbat.deployer.provider.shell.ShellNodeProvider;
import io.numbat.platform.ErlangParentWatch;
import io.numbat.platform.cli.Numbat;
import io.numbat.platform.demo.ErlangAgentAttacher;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.Sample;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topic;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 15 item 5 for real: a real {@code erl} node with a process leak, launched by the deployer's {@code local}
 * provider, is replaced by a fresh node before its process limit is reached, and the old node is stopped only after
 * the new one is RUNNING.
 *
 * <p>The real platform (broker and registry); {@code numbat processor} in its own JVM with {@code --remediation-mode
 * auto} and short remediation timings (its options); in this JVM a deployer whose {@code local} provider runs family
 * {@code leaky} as {@code erl} nodes with {@code +P 1024} (the BEAM's smallest process limit), each watched by the
 * Erlang collector as soon as it is up ({@link ErlangAgentAttacher}, one batch every 2 s), so that it becomes RUNNING.
 * The family's scaling policy is paused, so only the remediation changes the family. An operator deploys one node;
 * {@code erl_call} then starts a leak on it (3 processes a second that never exit: the limit about 5.5 minutes later).
 * The processor's default forecast (20 s blocks, at least 6) raises {@code predicted_exhaustion} about 2 to 3 minutes
 * into the leak; the remediation replaces the node.
 */
class RealNodePreventionIT {
    private static final Logger LOG = LoggerFactory.getLogger(RealNodePreventionIT.class);

    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final String FAMILY = "leaky";
    private static final int PROCESS_LIMIT = 1024;
    private static final int LEAK_PER_SECOND = 3;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** The leak's forecast needs 2 minutes of trend; the replacement about half a minute; a loaded box more. */
    private static final Duration REMEDIATION_PATIENCE = Duration.ofMinutes(7);

    private static final Set<RemediationState> FINAL = Set.of(
            RemediationState.DONE,
            RemediationState.FAILED,
            RemediationState.SKIPPED,
            RemediationState.EXPIRED,
            RemediationState.REJECTED);

    private static final String CONFIG = """
            {"providers": [
               {"name": "this-host", "type": "local",
                "offers": {"cores": 1, "memoryMb": 1024, "architecture": "x86_64", "otpVersion": "25", "region": "lab"},
                "maxNodes": 4, "costPerNodeHour": 1, "maxConcurrentStarts": 2,
                "settings": {"workDir": "${workDir}", "stopTimeout": "10s"}}],
             "launch": {"startTimeout": "60s", "retries": 1, "backoff": "2s"},
             "drain": "5s",
             "families": {
               "leaky": {"profile": {"cores": 1, "memoryMb": 512, "otpVersion": "25"},
                         "run": {"erl": "${erlArgs}"},
                         "minNodes": 1, "maxNodes": 4, "cookieFile": "${cookieFile}"}}}
            """;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLeakingErlNodeIsReplacedByAFreshOneAndStoppedBeforeItsProcessLimit() throws Exception {
        Optional<String> why = LocalErlangNode.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        Optional<Path> erlCall = erlCall();
        assumeTrue(erlCall.isPresent(), "skipped: no erl_call beside erl");

        ClusterConnection cluster = PLATFORM.platform().connection();
        Path dir = Files.createTempDirectory(PLATFORM.dataDir(), "real-prevention-it-");
        Path cookieFile = dir.resolve("leaky.cookie");
        String cookie = "numbat-it-" + UUID.randomUUID();
        Files.writeString(cookieFile, cookie);
        Files.setPosixFilePermissions(cookieFile, PosixFilePermissions.fromString("rw-------"));
        Path workDir = Files.createDirectories(dir.resolve("nodes"));
        List<String> erlArgs = new ArrayList<>(List.of("+P", Integer.toString(PROCESS_LIMIT)));
        erlArgs.addAll(ErlangParentWatch.erlArgs()); // the nodes end with this JVM, even if it is killed
        DeployerConfig config = DeployerConfig.parse(CONFIG.replace("${workDir}", workDir.toString())
                .replace("${cookieFile}", cookieFile.toString())
                .replace("\"${erlArgs}\"", jsonArray(erlArgs)));

        ChildNumbat processor = null;
        Vertx vertx = Vertx.vertx();
        ErlangAgentAttacher attacher = null;
        List<NodeProvider> providers = new ArrayList<>();
        try {
            processor = ChildNumbat.start(
                    dir.resolve("processor.log"),
                    "processor",
                    "--bootstrap-servers",
                    cluster.bootstrapServers(),
                    "--schema-registry",
                    cluster.schemaRegistryUrl(),
                    "--application-id",
                    "real-prevention-it",
                    "--data-dir",
                    dir.resolve("processor").toString(),
                    "--remediation-mode",
                    "auto",
                    "--remediation-launch-timeout",
                    "60s",
                    "--remediation-drain",
                    "5s",
                    "--remediation-safety-margin",
                    "10s");
            attacher = new ErlangAgentAttacher(
                    cluster, PLATFORM.registry(), dir.resolve("agent-spool"), Duration.ofSeconds(2));
            ProviderContext context = new ProviderContext(vertx, Optional.empty(), config.families(), attacher);
            Map<String, NodeProvider> byName = new LinkedHashMap<>();
            for (var p : config.providers()) {
                NodeProvider provider = ProviderFactory.create(p, context);
                providers.add(provider);
                byName.put(provider.name(), provider);
            }
            DeployerVerticle deployer = new DeployerVerticle(cluster, PLATFORM.registry(), config, byName, 0);
            vertx.deployVerticle(deployer)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            URI api = URI.create("http://127.0.0.1:" + deployer.httpPort());

            String paused = numbat(
                    "policy",
                    "--deployer",
                    api.toString(),
                    "--family",
                    FAMILY,
                    "--pause",
                    "--reason",
                    "only the remediation changes the family in this test");
            assertThat(paused).contains("PAUSED");
            HttpResponse<String> asked = http.send(
                    HttpRequest.newBuilder(api.resolve("/api/families/" + FAMILY + "/deploy"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"count\": 1}", StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(asked.statusCode()).as(asked.body()).isBetween(200, 299);

            try (TopicReader<String, DeploymentEvent> deployments = reader(Topics.DEPLOYMENTS);
                    TopicReader<String, Remediation> remediations = reader(Topics.REMEDIATIONS)) {
                List<ConsumerRecord<String, DeploymentEvent>> first =
                        deployments.readUntil(seen -> seen.stream().anyMatch(r -> isRunning(r.value())), PATIENCE);
                DeploymentEvent oldRunning = first.stream()
                        .map(ConsumerRecord::value)
                        .filter(RealNodePreventionIT::isRunning)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no " + FAMILY + " node RUNNING within " + PATIENCE
                                + "; deployments: "
                                + first.stream().map(r -> r.value().toString()).toList()));
                String old = oldRunning.getNode();
                LOG.info("{} is RUNNING; starting a leak of {} processes a second on it", old, LEAK_PER_SECOND);
                String started = erlEval(
                        erlCall.get(),
                        old + "@localhost",
                        cookie,
                        "spawn(fun() -> L = fun L() -> [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, "
                                + LEAK_PER_SECOND + ")], receive after 1000 -> ok end, L() end, L() end), "
                                + "erlang:system_info(process_limit).");
                assertThat(started).as("erl_call's answer").contains(Integer.toString(PROCESS_LIMIT));
                long leakStarted = System.currentTimeMillis();

                List<ConsumerRecord<String, Remediation>> story = remediations.readUntil(
                        seen -> seen.stream()
                                .anyMatch(r -> FAMILY.equals(r.value().getFamily())
                                        && FINAL.contains(r.value().getState())),
                        REMEDIATION_PATIENCE);
                List<Remediation> ours = story.stream()
                        .map(ConsumerRecord::value)
                        .filter(r -> FAMILY.equals(r.getFamily()))
                        .toList();
                ours.forEach(r -> LOG.info("remediation {} {}: {}", r.getId(), r.getState(), r.getReason()));
                assertThat(ours)
                        .as("the remediation's story (%s)", describe(ours))
                        .extracting(Remediation::getState)
                        .contains(RemediationState.DONE)
                        .doesNotContain(RemediationState.FAILED, RemediationState.SKIPPED, RemediationState.EXPIRED);
                Remediation done = ours.stream()
                        .filter(r -> r.getState() == RemediationState.DONE)
                        .findFirst()
                        .orElseThrow();
                String id = done.getId();
                assertThat(ours)
                        .as("one remediation, of the leaking node's process_count")
                        .allSatisfy(r -> {
                            assertThat(r.getId()).isEqualTo(id);
                            assertThat(r.getNode()).isEqualTo(old);
                            assertThat(r.getMetricName()).isEqualTo("process_count");
                        });
                String replacement = done.getReplacementNode();
                assertThat(replacement).as("the replacement").isNotNull().isNotEqualTo(old);

                List<DeploymentEvent> events =
                        deployments
                                .readUntil(
                                        seen -> state(seen, old, DeploymentState.STOPPED)
                                                .isPresent(),
                                        PATIENCE)
                                .stream()
                                .map(ConsumerRecord::value)
                                .toList();
                DeploymentEvent newRunning = events.stream()
                        .filter(e -> e.getNode().equals(replacement) && e.getState() == DeploymentState.RUNNING)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("replacement " + replacement + " never RUNNING"));
                assertThat(newRunning.getDecisionId()).isEqualTo(id + "/out");
                DeploymentEvent stopping = events.stream()
                        .filter(e -> e.getNode().equals(old) && e.getState() == DeploymentState.STOPPING)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(old + " never STOPPING"));
                DeploymentEvent stopped = events.stream()
                        .filter(e -> e.getNode().equals(old) && e.getState() == DeploymentState.STOPPED)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(old + " never STOPPED"));
                assertThat(newRunning.getTimestamp())
                        .as("the replacement RUNNING before the old node STOPPING")
                        .isBeforeOrEqualTo(stopping.getTimestamp());
                assertThat(stopping.getDecisionId()).isEqualTo(id + "/in");
                assertThat(events)
                        .as("no other node of %s was stopped", FAMILY)
                        .filteredOn(e -> FAMILY.equals(e.getFamily())
                                && e.getState() == DeploymentState.STOPPING
                                && !e.getNode().equals(old))
                        .isEmpty();

                try (TopicReader<String, ScalingDecision> decisions = reader(Topics.SCALING_DECISIONS)) {
                    List<ScalingDecision> outs = decisions.readToEnd(PATIENCE).stream()
                            .map(ConsumerRecord::value)
                            .filter(d -> FAMILY.equals(d.getFamily())
                                    && d.getAction() == ScalingAction.SCALE_OUT
                                    && "remediation".equals(d.getSource()))
                            .toList();
                    assertThat(outs)
                            .as("exactly one replacement")
                            .extracting(ScalingDecision::getId)
                            .containsExactly(id + "/out");
                }
                try (TopicReader<String, Alarm> alarms = reader(Topics.ALARMS)) {
                    assertThat(alarms.readToEnd(PATIENCE).stream().map(ConsumerRecord::value))
                            .as("no process_limit alarm on the leaking node")
                            .noneMatch(
                                    a -> a.getNode().equals(old) && a.getType().equals("process_limit"));
                }
                double[] last = lastProcessCount(old);
                assertThat(last[1]).as("the node's process limit (+P)").isEqualTo(PROCESS_LIMIT);
                assertThat(last[0])
                        .as("the old node's last process_count sample, below its limit")
                        .isLessThan(PROCESS_LIMIT);
                long stoppedAt = stopped.getTimestamp().toEpochMilli();
                double limitAt = last[2] + 1000 * (PROCESS_LIMIT - last[0]) / LEAK_PER_SECOND;
                LOG.info(
                        "RESULT real-prevention leak_started_s_before_stop={} last_process_count={} limit={} "
                                + "forecast_s_to_exhaustion={} replacement_running_to_old_stopping_ms={} margin_s={}",
                        (stoppedAt - leakStarted) / 1000,
                        (long) last[0],
                        PROCESS_LIMIT,
                        Math.round(done.getSecondsToExhaustion() == null ? -1 : done.getSecondsToExhaustion()),
                        stopping.getTimestamp().toEpochMilli()
                                - newRunning.getTimestamp().toEpochMilli(),
                        Math.round((limitAt - stoppedAt) / 1000));
                assertThat(limitAt)
                        .as("the old node stopped before its leak would reach the limit")
                        .isGreaterThan(stoppedAt);
                assertThat(erlEval(erlCall.get(), old + "@localhost", cookie, "ok."))
                        .as("the old node is gone")
                        .doesNotContain("{ok");
            }
        } finally {
            stopLaunchedNodes(providers);
            if (attacher != null) {
                attacher.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (processor != null) {
                processor.close();
            }
        }
        assertThat(epmdNames()).as("no erl node of the test is left").doesNotContain(FAMILY + "-");
    }

    private static boolean isRunning(DeploymentEvent e) {
        return FAMILY.equals(e.getFamily()) && e.getState() == DeploymentState.RUNNING;
    }

    private static Optional<DeploymentEvent> state(
            List<ConsumerRecord<String, DeploymentEvent>> seen, String node, DeploymentState state) {
        return seen.stream()
                .map(ConsumerRecord::value)
                .filter(e -> e.getNode().equals(node) && e.getState() == state)
                .findFirst();
    }

    private static String describe(List<Remediation> story) {
        return story.stream().map(r -> r.getState() + ": " + r.getReason()).collect(Collectors.joining("; "));
    }

    /** The node's last process_count sample: {value, limit, timestamp in ms}. */
    private static double[] lastProcessCount(String node) {
        try (TopicReader<String, MetricBatch> metrics = reader(Topics.METRICS)) {
            int id = MetricId.PROCESS_COUNT.id();
            double[] last = null;
            List<MetricBatch> batches = metrics.readToEnd(PATIENCE).stream()
                    .map(ConsumerRecord::value)
                    .filter(b -> b.getNode().equals(node) || b.getNode().startsWith(node + "@"))
                    .sorted(Comparator.comparing(MetricBatch::getTimestamp))
                    .toList();
            for (MetricBatch b : batches) {
                Optional<Double> value = b.getSamples().stream()
                        .filter(s -> s.getMetric() == id)
                        .map(Sample::getValue)
                        .findFirst();
                Optional<Double> limit = b.getLimits().stream()
                        .filter(s -> s.getMetric() == id)
                        .map(Sample::getValue)
                        .findFirst();
                if (value.isPresent() && limit.isPresent()) {
                    last = new double[] {
                        value.get(), limit.get(), b.getTimestamp().toEpochMilli()
                    };
                }
            }
            assertThat(last)
                    .as("process_count samples of %s (%d batches)", node, batches.size())
                    .isNotNull();
            LOG.info("{}: {} batches, last process_count {} of {}", node, batches.size(), last[0], last[1]);
            return last;
        }
    }

    private static <V extends SpecificRecord> TopicReader<String, V> reader(Topic<String, V> topic) {
        return new TopicReader<>(
                PLATFORM.bootstrap(),
                topic.name(),
                topic.keySerde().deserializer(),
                TopicReader.skippingUnreadable(
                        topic.valueSerde(PLATFORM.registry()).deserializer()));
    }

    /** {@code numbat ARGS} in this JVM; its output (fails the test on a non-zero exit). */
    private static String numbat(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Numbat.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        assertThat(code)
                .as("numbat %s: %s %s", String.join(" ", args), out, err)
                .isZero();
        return out.toString();
    }

    /** The {@code erl_call} of the {@code erl} on the PATH, if any. */
    private static Optional<Path> erlCall() throws Exception {
        Process p = new ProcessBuilder("erl", "-noshell", "-eval", "io:format(\"~s\", [code:root_dir()]), halt().")
                .redirectErrorStream(true)
                .start();
        String root = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        Path call = Path.of(root, "bin", "erl_call");
        return Files.isExecutable(call) ? Optional.of(call) : Optional.empty();
    }

    /** Evaluates {@code expr} on {@code node} with {@code erl_call -e}; its output (the result or an error). */
    private static String erlEval(Path erlCall, String node, String cookie, String expr) throws Exception {
        // the cookie is on erl_call's command line: a test's throw-away cookie, not a family's secret
        Process p = new ProcessBuilder(erlCall.toString(), "-sname", node, "-c", cookie, "-e")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write((expr + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    /** Stops every erl node the providers launched (in this test, the deployer leaves its nodes running). */
    private static void stopLaunchedNodes(List<NodeProvider> providers) {
        for (NodeProvider p : providers) {
            if (p instanceof ShellNodeProvider shell) {
                for (String node : shell.launchedNodes()) {
                    try {
                        shell.stopNode(node)
                                .toCompletionStage()
                                .toCompletableFuture()
                                .get(40, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        LOG.warn("could not stop {}: {}", node, e.toString());
                    }
                }
            }
            if (p instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("could not close provider {}: {}", p.name(), e.toString());
                }
            }
        }
    }

    private static String epmdNames() throws Exception {
        Process p =
                new ProcessBuilder("epmd", "-names").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static String jsonArray(List<String> args) {
        return args.stream()
                .map(a -> "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
