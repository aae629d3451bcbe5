package io.numbat.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.docker.ComposeFile.Service;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * docker/compose.yaml agrees with the code and the build: the Numbat services run the image this module
 * builds, with commands and options the real command line accepts, environment variables those commands
 * read, and published ports they listen on; the brokers are the Kafka version Numbat is built with, as a
 * three-node KRaft quorum with replication 3 and min.insync.replicas 2; the registry is the Apicurio
 * version Numbat embeds; Prometheus scrapes the console's port with its token.
 */
class ComposeFileTest {
    private static final Path COMPOSE = Path.of("compose.yaml"); // surefire runs in the module's directory
    private static final Properties BUILD = buildProperties();
    private static final List<String> NUMBAT_SERVICES = List.of("fleet", "processor", "console", "deployer", "alerts");

    private final ComposeFile compose = ComposeFile.read(COMPOSE);

    @Test
    void everyNumbatServiceRunsTheImageThisModuleBuilds() {
        String image = BUILD.getProperty("image");
        String repository = image.substring(0, image.lastIndexOf(':'));
        List<String> runningIt = compose.services().values().stream()
                .filter(s -> s.repository().equals(repository))
                .map(Service::name)
                .collect(Collectors.toList());
        assertThat(runningIt).containsExactlyInAnyOrderElementsOf(NUMBAT_SERVICES);
        for (String name : runningIt) {
            assertThat(compose.service(name).image()).as("image of %s", name).isEqualTo(image);
        }
    }

    @Test
    void everyNumbatCommandParsesOnTheRealCommandLine() {
        Set<String> subcommands = NumbatCli.subcommands();
        for (String name : NUMBAT_SERVICES) {
            List<String> command = compose.service(name).command();
            assertThat(command).as("command of %s", name).isNotEmpty();
            assertThat(subcommands).as("numbat sub-commands").contains(command.get(0));
            assertThatCode(() -> NumbatCli.parse(command))
                    .as("numbat %s", command)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void everyNumbatVariableIsOneTheServicesCommandReads() {
        for (String name : NUMBAT_SERVICES) {
            Service s = compose.service(name);
            Set<String> read = NumbatCli.environmentReadBy(s.command().get(0));
            assertThat(read).as("numbat %s reads", s.command().get(0)).contains("NUMBAT_BOOTSTRAP_SERVERS");
            assertThat(s.environment().keySet())
                    .as("environment of %s", name)
                    .allMatch(k -> k.startsWith("NUMBAT_"), "starts with NUMBAT_")
                    .allMatch(read::contains, "is read by numbat " + s.command().get(0) + " " + read);
        }
    }

    @Test
    void numbatServicesPublishOnlyThePortsTheyListenOnBeyondLoopback() {
        for (String name : NUMBAT_SERVICES) {
            Service s = compose.service(name);
            if (s.publishedContainerPorts().isEmpty()) {
                continue;
            }
            ParseResult command = NumbatCli.parse(s.command()).subcommand();
            List<Integer> listening = new ArrayList<>();
            for (OptionSpec option : command.matchedOptions()) {
                if (option.longestName().endsWith("-port")
                        || option.longestName().equals("--port")) {
                    listening.add(option.getValue());
                }
            }
            assertThat(listening).as("ports %s listens on", name).containsAll(s.publishedContainerPorts());
            String host = command.hasMatchedOption("--http-host")
                    ? command.matchedOptionValue("--http-host", "127.0.0.1")
                    : command.matchedOptionValue("--host", "127.0.0.1");
            assertThat(host)
                    .as("--host of %s (a published port must be reachable)", name)
                    .isNotIn("127.0.0.1", "localhost", "::1");
        }
    }

    @Test
    void kafkaIsThreeCombinedKraftNodesOfTheVersionNumbatIsBuiltWith() {
        List<Service> brokers = compose.services().values().stream()
                .filter(s -> s.repository().equals("apache/kafka"))
                .collect(Collectors.toList());
        assertThat(brokers).hasSize(3);
        String voters = brokers.stream()
                .map(b -> b.environment().get("KAFKA_NODE_ID") + "@" + b.name() + ":9093")
                .collect(Collectors.joining(","));
        for (Service b : brokers) {
            Map<String, String> env = b.environment();
            assertThat(b.tag()).as("Kafka image of %s", b.name()).isEqualTo(BUILD.getProperty("kafka.version"));
            assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
            assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo(voters);
            assertThat(env.get("CLUSTER_ID"))
                    .isEqualTo(brokers.get(0).environment().get("CLUSTER_ID"));
            assertThat(Base64.getUrlDecoder().decode(env.get("CLUSTER_ID")))
                    .as("a cluster id is 16 bytes")
                    .hasSize(16);
            assertThat(env)
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2");
            int external = b.publishedContainerPorts().get(0);
            assertThat(env.get("KAFKA_LISTENERS")).contains("EXTERNAL://:" + external);
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS"))
                    .contains("INTERNAL://" + b.name() + ":9092", "EXTERNAL://localhost:" + external);
        }
        String internal = brokers.stream().map(b -> b.name() + ":9092").collect(Collectors.joining(","));
        for (String name : NUMBAT_SERVICES) {
            assertThat(compose.service(name).environment())
                    .as("environment of %s", name)
                    .containsEntry("NUMBAT_BOOTSTRAP_SERVERS", internal);
            assertThat(compose.service(name).dependsOn())
                    .as("depends_on of %s", name)
                    .containsAll(brokers.stream().map(Service::name).collect(Collectors.toList()));
        }
    }

    @Test
    void registryIsTheApicurioVersionNumbatEmbedsReachedThroughItsConfluentApi() {
        Service registry = compose.service("registry");
        assertThat(registry.image())
                .isEqualTo("apicurio/apicurio-registry-kafkasql:" + BUILD.getProperty("apicurio.version"));
        String url = "http://registry:" + registry.publishedContainerPorts().get(0) + "/apis/ccompat/v7";
        for (String name : NUMBAT_SERVICES) {
            assertThat(compose.service(name).environment()).containsEntry("NUMBAT_SCHEMA_REGISTRY", url);
            assertThat(compose.service(name).dependsOn()).contains("registry");
        }
    }

    @Test
    void prometheusScrapesTheConsolesPortWithTheConsolesToken() {
        Service console = compose.service("console");
        int port = NumbatCli.parse(console.command()).subcommand().matchedOptionValue("--port", 0);
        JsonNode scrape = ComposeFile.readYaml(Path.of("prometheus/prometheus.yml"))
                .path("scrape_configs")
                .get(0);
        assertThat(scrape.path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(scrape.path("static_configs").get(0).path("targets").get(0).asText())
                .isEqualTo("console:" + port);

        JsonNode tokenConfig = compose.root()
                .path("services")
                .path("prometheus")
                .path("configs")
                .get(0);
        assertThat(scrape.path("authorization").path("credentials_file").asText())
                .isEqualTo(tokenConfig.path("target").asText());
        assertThat(compose.root()
                        .path("configs")
                        .path(tokenConfig.path("source").asText())
                        .path("content")
                        .asText())
                .isEqualTo(console.environment().get("NUMBAT_CONSOLE_TOKEN"));
    }

    @Test
    void prometheusScrapesEveryNumbatServicesMetricsPortOneJobEach() {
        Map<String, JsonNode> jobs = new LinkedHashMap<>();
        ComposeFile.readYaml(Path.of("prometheus/prometheus.yml"))
                .path("scrape_configs")
                .forEach(j -> jobs.put(j.path("job_name").asText(), j));
        assertThat(jobs.keySet())
                .containsAll(NUMBAT_SERVICES.stream().map(n -> "numbat-" + n).collect(Collectors.toList()));

        ParseResult processor =
                NumbatCli.parse(compose.service("processor").command()).subcommand();
        assertThat(processor.<String>matchedOptionValue("--http-host", "127.0.0.1"))
                .isEqualTo("0.0.0.0");
        JsonNode processorSd =
                jobs.get("numbat-processor").path("dns_sd_configs").get(0);
        assertThat(processorSd.path("names").get(0).asText())
                .as("every instance of the service")
                .isEqualTo("processor");
        assertThat(processorSd.path("port").asInt()).isEqualTo(processor.<Integer>matchedOptionValue("--http-port", 0));

        ParseResult fleet = NumbatCli.parse(compose.service("fleet").command()).subcommand();
        assertThat(jobs.get("numbat-fleet")
                        .path("static_configs")
                        .get(0)
                        .path("targets")
                        .get(0)
                        .asText())
                .isEqualTo("fleet:" + fleet.matchedOptionValue("--control-port", 0));

        Service deployer = compose.service("deployer");
        ParseResult deployerCommand = NumbatCli.parse(deployer.command()).subcommand();
        JsonNode deployerJob = jobs.get("numbat-deployer");
        assertThat(deployerJob
                        .path("static_configs")
                        .get(0)
                        .path("targets")
                        .get(0)
                        .asText())
                .isEqualTo("deployer:" + deployerCommand.matchedOptionValue("--http-port", 0));
        String credentials =
                deployerJob.path("authorization").path("credentials_file").asText();
        JsonNode tokenConfig = null;
        for (JsonNode c : compose.root().path("services").path("prometheus").path("configs")) {
            if (c.path("target").asText().equals(credentials)) {
                tokenConfig = c;
            }
        }
        assertThat(tokenConfig).as("a config mounted at " + credentials).isNotNull();
        assertThat(compose.root()
                        .path("configs")
                        .path(tokenConfig.path("source").asText())
                        .path("content")
                        .asText())
                .isEqualTo(deployer.environment().get("NUMBAT_DEPLOYER_TOKEN"));
    }

    @Test
    void everyNumbatServiceChecksItsOwnHealthWithTheImagesJava() throws Exception {
        for (String name : NUMBAT_SERVICES) {
            JsonNode check = compose.root().path("services").path(name).path("healthcheck");
            List<String> test = new ArrayList<>();
            check.path("test").forEach(t -> test.add(t.asText()));
            assertThat(test).as("healthcheck of %s", name).hasSizeGreaterThan(4);
            assertThat(test.get(0)).isEqualTo("CMD");
            assertThat(test.get(1)).as("the image's JRE (scratch has no curl)").isEqualTo("/opt/java/bin/java");
            String probe = test.get(test.size() - 2);
            assertThat(Class.forName(probe).getMethod("main", String[].class))
                    .as("%s has a main", probe)
                    .isNotNull();
            ParseResult command =
                    NumbatCli.parse(compose.service(name).command()).subcommand();
            List<Integer> listening = new ArrayList<>();
            for (OptionSpec option : command.matchedOptions()) {
                if (option.longestName().endsWith("-port")
                        || option.longestName().equals("--port")) {
                    listening.add(option.getValue());
                }
            }
            URI url = URI.create(test.get(test.size() - 1));
            assertThat(url.getPath()).isEqualTo("/health");
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            assertThat(listening).as("ports %s listens on", name).contains(url.getPort());
            assertThat(check.path("interval").asText()).isNotEmpty();
        }
    }

    @Test
    void tokensHaveNoDefaultsSoComposeRefusesToStartWithoutThem() {
        List<String> values = new ArrayList<>();
        for (String name : NUMBAT_SERVICES) {
            compose.service(name).environment().forEach((k, v) -> {
                if (k.endsWith("_TOKEN")) {
                    values.add(k + "=" + v);
                }
            });
        }
        compose.root().path("configs").forEach(c -> {
            if (c.has("content")) {
                values.add(c.path("content").asText());
            }
        });
        assertThat(values).as("token values").hasSizeGreaterThanOrEqualTo(4);
        assertThat(values)
                .allSatisfy(v -> assertThat(v).matches("(NUMBAT_\\w+_TOKEN=)?\\$\\{NUMBAT_\\w+_TOKEN:\\?[^}]+}"));
    }

    @Test
    void brokersKeepTheirLogsAndAlertmanagerItsStateOnNamedVolumes() {
        JsonNode volumes = compose.root().path("volumes");
        for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
            String dir = compose.service(broker).environment().get("KAFKA_LOG_DIRS");
            assertThat(dir).as("KAFKA_LOG_DIRS of %s", broker).isNotBlank();
            List<String> mounts = new ArrayList<>();
            compose.root().path("services").path(broker).path("volumes").forEach(v -> mounts.add(v.asText()));
            assertThat(mounts).as("volumes of %s", broker).anySatisfy(m -> {
                String[] parts = m.split(":");
                assertThat(parts[1]).isEqualTo(dir);
                assertThat(volumes.has(parts[0]))
                        .as("named volume %s", parts[0])
                        .isTrue();
            });
        }
        assertThat(compose.service("registry").environment().get("KAFKA_BOOTSTRAP_SERVERS"))
                .as("the registry's schemas live on the brokers")
                .isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");
        List<String> alertmanager = new ArrayList<>();
        compose.root().path("services").path("alertmanager").path("volumes").forEach(v -> alertmanager.add(v.asText()));
        assertThat(alertmanager).anyMatch(m -> volumes.has(m.split(":")[0]));
        ParseResult alerts =
                NumbatCli.parse(compose.service("alerts").command()).subcommand();
        assertThat(alerts.<List<String>>matchedOptionValue("--alertmanager", List.of()))
                .containsExactly("http://alertmanager:"
                        + compose.service("alertmanager")
                                .publishedContainerPorts()
                                .get(0));
    }

    @Test
    void dependenciesAreServicesOfThisFile() {
        Set<String> names = compose.services().keySet();
        for (Service s : compose.services().values()) {
            assertThat(names).as("depends_on of %s", s.name()).containsAll(s.dependsOn());
        }
    }

    private static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("image.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    @Test
    void theDeployerStartsNodesInTheFleetsFamiliesThroughItsControlEndpoint() throws IOException {
        Service deployer = compose.service("deployer");
        ParseResult command = NumbatCli.parse(deployer.command()).subcommand();
        Path mounted = command.matchedOptionValue("--config", Path.of(""));
        assertThat(mounted).isEqualTo(Path.of("/etc/numbat/deployer.json"));
        DeployerConfig config = DeployerConfig.load(Path.of("deployer/deployer.json"));
        ParseResult fleet = NumbatCli.parse(compose.service("fleet").command()).subcommand();
        int families = fleet.matchedOptionValue("--families", 0);
        assertThat(config.families().keySet())
                .as("families the fleet simulates")
                .allSatisfy(f -> assertThat(f).matches("family-[1-" + families + "]"));
        assertThat(config.providers())
                .allSatisfy(p -> assertThat(p.settings().string("fleetUrl"))
                        .contains("http://fleet:" + fleet.matchedOptionValue("--control-port", 0)));
        assertThat(fleet.<String>matchedOptionValue("--control-host", "127.0.0.1"))
                .isEqualTo("0.0.0.0");
        ParseResult console =
                NumbatCli.parse(compose.service("console").command()).subcommand();
        assertThat(console.<URI>matchedOptionValue("--deployer", null).toString())
                .isEqualTo("http://deployer:" + command.matchedOptionValue("--http-port", 0));
    }
}
