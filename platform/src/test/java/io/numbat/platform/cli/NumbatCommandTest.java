package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.platform.kafka.FreePorts;
import io.numbat.platform.logging.LogFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's contract: usage errors exit 2, fixable start-up problems one line and exit 1. */
class NumbatCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Numbat.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsEveryCommandAndOption() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("demo", "platform", "replay");
        assertThat(run("demo", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--nodes",
                        "--bootstrap-servers",
                        "--schema-registry",
                        "--data-dir",
                        "NUMBAT_BOOTSTRAP_SERVERS",
                        "NUMBAT_SCHEMA_REGISTRY");
    }

    @Test
    void logFormatIsAnOptionOfEveryCommandAndAnUnknownOneIsAUsageError() {
        assertThat(run("deployer", "--help")).isZero();
        assertThat(out.toString()).contains("--log-format", "NUMBAT_LOG_FORMAT");
        assertThat(run("deployer", "--log-format", "yaml", "--config", "x.json"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--log-format: log format 'yaml' is not one of [text, json]");
    }

    @Test
    void tokenFileStandsInForTheTokenButNotBesideItAndAnEmptyOneIsNamedNeverShown(@TempDir Path tmp)
            throws IOException {
        Path config = Files.writeString(tmp.resolve("deployer.json"), """
                {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                                "maxNodes": 10, "costPerNodeHour": 0}],
                 "families": {"web": {"run": {"command": ["x"]}, "maxNodes": 5}}}
                """);
        Path token = Files.writeString(tmp.resolve("token"), "t0ken-in-a-file\n");
        Path blank = Files.writeString(tmp.resolve("blank"), "\n");

        assertThat(run("deployer", "--config", config.toString(), "--token", "x", "--token-file", token.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("numbat: error: --token (or NUMBAT_DEPLOYER_TOKEN) and --token-file are both set: give one");
        assertThat(run("deployer", "--config", config.toString(), "--token-file", blank.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("numbat: error: --token-file " + blank + ": the first line is empty");
        assertThat(run("console", "--token-file", tmp.resolve("missing").toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("numbat: error: --token-file " + tmp.resolve("missing") + " cannot be read");
        assertThat(err.toString()).doesNotContain("t0ken-in-a-file");
    }

    @Test
    void logFormatTakesEffectBeforeOrAfterTheCommandsName() {
        try {
            run("--log-format", "json", "deployer", "--config", "missing.json");
            assertThat(LogFormat.current()).isEqualTo("json");
            LogFormat.use("text");
            run("deployer", "--log-format", "json", "--config", "missing.json");
            assertThat(LogFormat.current()).isEqualTo("json");
        } finally {
            LogFormat.use("text");
        }
    }

    @Test
    void deployerWithABadConfigurationNamesEveryBadKeyAndExitsWith1(@TempDir Path tmp) throws IOException {
        Path config = Files.writeString(tmp.resolve("deployer.json"), """
                {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                                "maxNodes": 10, "costPerNodeHour": 0, "maxConcurrentStarts": 0}],
                 "families": {"web": {"run": {"command": ["x"]}, "maxNodes": 5}},
                 "launch": {"startTimeout": "soon"}}
                """);
        assertThat(run("deployer", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains("numbat: error: " + config + ": 2 errors:")
                .contains("providers[0].maxConcurrentStarts must be >= 1, was 0")
                .contains("launch.startTimeout: 'soon' is not a duration");
    }

    @Test
    void deployerWithASimulatedProviderButNoFleetUrlFailsAtStartNamingTheKey(@TempDir Path tmp) throws IOException {
        Path config = Files.writeString(tmp.resolve("deployer.json"), """
                {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                                "maxNodes": 10, "costPerNodeHour": 0}],
                 "families": {"web": {"run": {"command": ["x"]}, "maxNodes": 5}}}
                """);
        assertThat(run("deployer", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("numbat: error: provider 'sim': settings.fleetUrl is required");
        assertThat(out.toString()).as("nothing was started").doesNotContain("kafka=");
    }

    @Test
    void unknownCommandIsAUsageErrorWithExitCode2() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate");
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCode2() {
        assertThat(run("demo", "--nodez", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("--nodez");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("missing command");
    }

    @Test
    void badDurationNamesTheOption() {
        assertThat(run("demo", "--interval", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--interval").contains("soon");
    }

    @Test
    void kafkaPortInUseIsOneLineAndExitCode1() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(run("platform", "--kafka-port", String.valueOf(busy.getLocalPort())))
                    .isEqualTo(1);
        }
        assertThat(err.toString())
                .startsWith("numbat: error: port ")
                .contains("already in use")
                .doesNotContain("Exception")
                .hasLineCount(1);
    }

    @Test
    void dataDirThatCannotBeCreatedIsOneLineAndExitCode1(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThat(run("platform", "--data-dir", file.resolve("data").toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("numbat: error: cannot create data directory")
                .hasLineCount(1);
    }

    @Test
    void unreachableRegistryIsOneLineAndExitCode1() {
        String url = "http://127.0.0.1:" + FreePorts.pick() + "/apis/ccompat/v7";
        assertThat(run("demo", "--bootstrap-servers", "127.0.0.1:" + FreePorts.pick(), "--schema-registry", url))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("numbat: error: schema registry at " + url + " is unreachable")
                .hasLineCount(1);
    }

    @Test
    void replayScoresADirectoryTreeAndReportsItsThroughput(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("in/cat"));
        Files.writeString(
                tmp.resolve("in/cat/s.csv"), "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,2\n");
        assertThat(run(
                        "replay",
                        "--input",
                        tmp.resolve("in").toString(),
                        "--output",
                        tmp.resolve("out").toString()))
                .isZero();
        assertThat(out.toString()).startsWith("replayed 1 files, 2 rows in ").contains("rows/s");
        assertThat(Files.readAllLines(tmp.resolve("out/cat/s.csv")))
                .containsExactly(
                        "timestamp,value,anomaly_score", "2014-04-01 00:00:00,1,0.0", "2014-04-01 00:05:00,2,0.0");
    }

    @Test
    void replayTakesTheDetectorAndNamesIt(@TempDir Path tmp) throws IOException {
        Path in = Files.writeString(
                tmp.resolve("s.csv"), "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,2\n");
        assertThat(run(
                        "replay",
                        "--input",
                        in.toString(),
                        "--output",
                        tmp.resolve("out.csv").toString(),
                        "--detector",
                        "Seasonal"))
                .isZero();
        assertThat(out.toString()).contains("with the seasonal detector");
        assertThat(run(
                        "replay",
                        "--input",
                        in.toString(),
                        "--output",
                        tmp.resolve("out.csv").toString(),
                        "--detector",
                        "arima"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("'arima' is not an anomaly detector")
                .contains("seasonal");
    }

    @Test
    void replayWithoutOutputIsAUsageErrorWithExitCode2(@TempDir Path tmp) {
        assertThat(run("replay", "--input", tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--output");
    }

    @Test
    void replayOfABadRowIsOneLineNamingFileAndLineAndExitCode1(@TempDir Path tmp) throws IOException {
        Path in = Files.writeString(tmp.resolve("s.csv"), "timestamp,value\n1,2\n2,oops\n");
        assertThat(run(
                        "replay",
                        "--input",
                        in.toString(),
                        "--output",
                        tmp.resolve("o.csv").toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("numbat: error: " + in + " line 3: value 'oops' is not a number" + System.lineSeparator());
    }

    @Test
    void replayOfAMissingInputIsOneLineAndExitCode1(@TempDir Path tmp) {
        assertThat(run(
                        "replay",
                        "--input",
                        tmp.resolve("nope").toString(),
                        "--output",
                        tmp.resolve("o").toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("numbat: error: cannot read input")
                .hasLineCount(1);
    }

    @Test
    void unreadableKafkaConfigIsOneLineNamingTheFile(@TempDir Path tmp) {
        Path missing = tmp.resolve("client.properties");
        assertThat(run(
                        "demo",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--schema-registry",
                        "http://127.0.0.1:1/x",
                        "--kafka-config",
                        missing.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("numbat: error: --kafka-config " + missing)
                .hasLineCount(1);
    }

    @Test
    void topicsPrintsTopicAndAclCommands() {
        assertThat(run("topics", "--print", "--bootstrap-servers", "b:9092")).isZero();
        assertThat(out.toString())
                .contains("kafka-topics.sh --bootstrap-server b:9092 --create --if-not-exists --topic numbat.metrics")
                .contains("kafka-acls.sh --bootstrap-server b:9092 --add --allow-principal User:numbat-agent");
    }

    @Test
    void deployToAnUnreachableDeployerIsOneLineAndExitCode1() {
        String url = "http://127.0.0.1:" + FreePorts.pick();
        assertThat(run("deploy", "--deployer", url, "--family", "web", "--count", "2"))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("numbat: error: deployer at " + url + " is unreachable")
                .hasLineCount(1);
    }

    @Test
    void deployProgressCountsOnlyTheDecisionsNodes() throws IOException {
        String nodes = "[{\"node\":\"a\",\"state\":\"RUNNING\",\"decisionId\":\"d1\"},"
                + "{\"node\":\"b\",\"state\":\"STARTING\",\"decisionId\":\"d1\"},"
                + "{\"node\":\"c\",\"state\":\"FAILED\",\"decisionId\":\"d1\"},"
                + "{\"node\":\"d\",\"state\":\"RUNNING\",\"decisionId\":\"d0\"}]";
        assertThat(DeployCommand.Progress.count(new ObjectMapper().readTree(nodes), "d1"))
                .containsExactly(1, 1);
        assertThat(DeployCommand.Progress.bar(1, 1, 3))
                .isEqualTo("[##########                    ] 1/3 RUNNING, 1 FAILED");
    }
}
