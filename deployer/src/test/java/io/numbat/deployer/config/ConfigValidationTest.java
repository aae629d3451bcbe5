package io.numbat.deployer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numbat.schemas.config.ConfigException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad key in an otherwise valid configuration gives one error that names its path. */
class ConfigValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID = """
            {"providers": [
               {"name": "eu-local", "type": "local", "offers": {"cores": 2, "memoryMb": 4096, "otpVersion": "26"},
                "maxNodes": 40, "costPerNodeHour": 0},
               {"name": "eu-ssh", "type": "ssh", "offers": {"cores": 8, "memoryMb": 16384},
                "maxNodes": 10, "costPerNodeHour": 0.1,
                "settings": {"hosts": ["h1"], "user": "numbat", "keyFile": "/k"}},
               {"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024}, "maxNodes": 100,
                "costPerNodeHour": 0},
               {"name": "k8s-1", "type": "kubernetes", "offers": {"cores": 4, "memoryMb": 8192}, "maxNodes": 50,
                "costPerNodeHour": 0.05, "settings": {"namespace": "numbat", "image": "web:1"}}],
             "families": {
               "web": {"profile": {"cores": 1, "memoryMb": 1024, "otpVersion": "26", "labels": {"tier": "web"}},
                       "run": {"release": "/opt/web/bin/web"}, "minNodes": 2, "maxNodes": 40,
                       "cookieFile": "/etc/web.cookie"}}}
            """;

    private static ObjectNode at(JsonNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad(
                        "family maxNodes below minNodes",
                        r -> at(r, "/families/web").put("maxNodes", 1),
                        "families.web.maxNodes must be >= minNodes (2), was 1"),
                bad(
                        "unknown provider type",
                        r -> at(r, "/providers/2").put("type", "docker"),
                        "providers[2].type: unknown type 'docker'; known: local, ssh, kubernetes, simulated"),
                bad(
                        "unknown top-level key",
                        r -> at(r, "").put("version", 1),
                        "the configuration: unknown key 'version'; known: providers, families, launch, scaleIn, drain"),
                bad(
                        "unknown provider keys",
                        r -> at(r, "/providers/0").put("cors", 2).put("zone", "a"),
                        "providers[0]: unknown keys 'cors', 'zone'; known: name, type, offers, maxNodes, "
                                + "costPerNodeHour, settings, maxConcurrentStarts"),
                bad(
                        "unknown offer key",
                        r -> at(r, "/providers/0/offers").put("gpus", 1),
                        "providers[0].offers: unknown key 'gpus'; known: cores, memoryMb, architecture, otpVersion, "
                                + "jvmVersion, region, zone, labels"),
                bad(
                        "unknown family key",
                        r -> at(r, "/families/web").put("max", 3),
                        "families.web: unknown key 'max'; known: profile, run, minNodes, maxNodes, cookieFile, scaleIn"),
                bad(
                        "unknown profile key",
                        r -> at(r, "/families/web/profile").put("otp", "26"),
                        "families.web.profile: unknown key 'otp'; known: cores, memoryMb, architecture, otpVersion, "
                                + "region, labels"),
                bad(
                        "setting unknown to the type",
                        r -> at(r, "/providers/1/settings").put("password", "x"),
                        "providers[1].settings: unknown key 'password'; known: hosts, user, keyFile, port, knownHosts, "
                                + "workDir, erl, startTimeout, stopTimeout"),
                bad(
                        "setting unknown to the simulated type",
                        r -> at(r, "/providers/2").putObject("settings").put("x", 1),
                        "providers[2].settings: unknown key 'x'; known: fleetUrl"),
                bad(
                        "fleetUrl not a URL",
                        r -> at(r, "/providers/2").putObject("settings").put("fleetUrl", "localhost:9"),
                        "providers[2].settings.fleetUrl must be an http:// or https:// URL, was \"localhost:9\""),
                bad(
                        "no start slot",
                        r -> at(r, "/providers/0").put("maxConcurrentStarts", 0),
                        "providers[0].maxConcurrentStarts must be >= 1, was 0"),
                bad(
                        "start timeout not a duration",
                        r -> at(r, "").putObject("launch").put("startTimeout", "soon"),
                        "launch.startTimeout: 'soon' is not a duration like 500ms, 10s, 5m or 1h"),
                bad(
                        "zero start timeout",
                        r -> at(r, "").putObject("launch").put("startTimeout", "0s"),
                        "launch.startTimeout must be at least 1 ms, was '0s'"),
                bad(
                        "negative retries",
                        r -> at(r, "").putObject("launch").put("retries", -1),
                        "launch.retries must be in 0..100, was -1"),
                bad(
                        "unknown launch key",
                        r -> at(r, "").putObject("launch").put("timeout", "5s"),
                        "launch: unknown key 'timeout'; known: startTimeout, retries, backoff"),
                bad(
                        "unknown scale-in policy",
                        r -> at(r, "").put("scaleIn", "oldest"),
                        "scaleIn: unknown value 'oldest'; known: newest, least-loaded"),
                bad(
                        "unknown family scale-in policy",
                        r -> at(r, "/families/web").put("scaleIn", "random"),
                        "families.web.scaleIn: unknown value 'random'; known: newest, least-loaded"),
                bad("drain not a duration", r -> at(r, "").put("drain", 5), "drain must be a non-empty string, was 5"),
                bad(
                        "missing ssh setting",
                        r -> at(r, "/providers/1/settings").remove("keyFile"),
                        "providers[1].settings.keyFile: required for type ssh"),
                bad(
                        "missing kubernetes setting",
                        r -> at(r, "/providers/3/settings").remove("namespace"),
                        "providers[3].settings.namespace: required for type kubernetes"),
                bad(
                        "empty host list",
                        r -> at(r, "/providers/1/settings").putArray("hosts"),
                        "providers[1].settings.hosts must be a non-empty list of non-empty strings, was []"),
                bad(
                        "port out of range",
                        r -> at(r, "/providers/1/settings").put("port", 70000),
                        "providers[1].settings.port must be a port number (1..65535), was 70000"),
                bad(
                        "stop timeout that is not a duration",
                        r -> at(r, "/providers/1/settings").put("stopTimeout", "10"),
                        "providers[1].settings.stopTimeout must be a duration like 500ms, 10s or 5m (> 0), was \"10\""),
                bad(
                        "missing capacity",
                        r -> at(r, "/providers/0").remove("maxNodes"),
                        "providers[0].maxNodes: required"),
                bad(
                        "zero capacity",
                        r -> at(r, "/providers/0").put("maxNodes", 0),
                        "providers[0].maxNodes must be >= 1, was 0"),
                bad(
                        "cores as text",
                        r -> at(r, "/providers/0/offers").put("cores", "two"),
                        "providers[0].offers.cores must be an integer, was \"two\""),
                bad(
                        "fractional memory",
                        r -> at(r, "/providers/0/offers").put("memoryMb", 1.5),
                        "providers[0].offers.memoryMb must be an integer, was 1.5"),
                bad(
                        "negative cost",
                        r -> at(r, "/providers/0").put("costPerNodeHour", -1),
                        "providers[0].costPerNodeHour must be a number >= 0, was -1"),
                bad(
                        "blank name",
                        r -> at(r, "/providers/0").put("name", " "),
                        "providers[0].name must be a non-empty string, was \" \""),
                bad(
                        "name with a space",
                        r -> at(r, "/providers/0").put("name", "eu local"),
                        "providers[0].name must match [A-Za-z0-9][A-Za-z0-9_.-]*, was 'eu local'"),
                bad(
                        "duplicate provider name",
                        r -> at(r, "/providers/1").put("name", "eu-local"),
                        "providers[1].name: duplicate provider name 'eu-local'"),
                bad(
                        "malformed offered version",
                        r -> at(r, "/providers/0/offers").put("otpVersion", "R16B"),
                        "providers[0].offers.otpVersion: 'R16B' is not a version (numbers separated by dots, "
                                + "e.g. 26.2.1)"),
                bad(
                        "malformed required version",
                        r -> at(r, "/families/web/profile").put("otpVersion", "26.x"),
                        "families.web.profile.otpVersion: '26.x' is not a version (numbers separated by dots, "
                                + "e.g. 26.2.1)"),
                bad(
                        "label that is not a string",
                        r -> at(r, "/families/web/profile/labels").put("tier", 3),
                        "families.web.profile.labels.tier must be a string, was 3"),
                bad(
                        "two things to run",
                        r -> at(r, "/families/web/run").putArray("command").add("java"),
                        "families.web.run: exactly one of release, erl, command; was release, command"),
                bad(
                        "nothing to run",
                        r -> at(r, "/families/web").putObject("run"),
                        "families.web.run: exactly one of release, erl, command is required"),
                bad(
                        "unknown run kind",
                        r -> at(r, "/families/web/run").put("script", "x"),
                        "families.web.run: unknown key 'script'; known: release, erl, command"),
                bad(
                        "erl arguments that are not strings",
                        r -> at(r, "/families/web")
                                .putObject("run")
                                .putArray("erl")
                                .add(1),
                        "families.web.run.erl must be a list of non-empty strings, was [1]"),
                bad(
                        "erlang family without cookie",
                        r -> at(r, "/families/web").remove("cookieFile"),
                        "families.web.cookieFile: required when run is release or erl"),
                bad(
                        "negative minNodes",
                        r -> at(r, "/families/web").put("minNodes", -1),
                        "families.web.minNodes must be >= 0, was -1"),
                bad(
                        "family name with a slash",
                        r -> at(r, "/families")
                                .set("a/b", at(r, "/families/web").deepCopy()),
                        "families.a/b: family name must match [A-Za-z0-9][A-Za-z0-9_.-]*, was 'a/b'"),
                bad(
                        "provider that is not an object",
                        r -> ((ArrayNode) r.at("/providers")).add("eu-local"),
                        "providers[4] must be an object, was \"eu-local\""),
                bad(
                        "offers that are not an object",
                        r -> at(r, "/providers/0").put("offers", 3),
                        "providers[0].offers must be an object, was 3"),
                bad(
                        "run that is not an object",
                        r -> at(r, "/families/web").put("run", "/opt/web/bin/web"),
                        "families.web.run must be an object, was \"/opt/web/bin/web\""),
                bad(
                        "settings that are not an object",
                        r -> at(r, "/providers/1").putArray("settings"),
                        "providers[1].settings must be an object, was []"));
    }

    private static Arguments bad(String name, Consumer<JsonNode> edit, String error) {
        return Arguments.of(name, edit, error);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void rejectsABadKeyWithAnErrorNamingItsPath(String name, Consumer<JsonNode> edit, String error) throws Exception {
        JsonNode root = JSON.readTree(VALID);
        edit.accept(root);

        assertThatThrownBy(() -> DeployerConfig.parse(JSON.writeValueAsString(root)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).containsExactly(error));
    }

    @Test
    void theBaseConfigurationIsValid() {
        assertThat(DeployerConfig.parse(VALID).providers()).hasSize(4);
    }

    @Test
    void launchScaleInAndDrainHaveDefaults() {
        DeployerConfig c = DeployerConfig.parse(VALID);
        assertThat(c.launch()).isEqualTo(new LaunchSettings(Duration.ofSeconds(60), 2, Duration.ofSeconds(2)));
        assertThat(c.scaleIn()).isEqualTo(ScaleInPolicy.NEWEST);
        assertThat(c.drain()).isZero();
        assertThat(c.providers())
                .allSatisfy(p -> assertThat(p.maxConcurrentStarts()).isEqualTo(50));
    }

    @Test
    void readsLaunchScaleInDrainAndConcurrency() throws Exception {
        JsonNode root = JSON.readTree(VALID);
        at(root, "")
                .putObject("launch")
                .put("startTimeout", "90s")
                .put("retries", 0)
                .put("backoff", "500ms");
        at(root, "").put("scaleIn", "least-loaded").put("drain", "5s");
        at(root, "/families/web").put("scaleIn", "newest");
        at(root, "/providers/0").put("maxConcurrentStarts", 4);

        DeployerConfig c = DeployerConfig.parse(JSON.writeValueAsString(root));

        assertThat(c.launch()).isEqualTo(new LaunchSettings(Duration.ofSeconds(90), 0, Duration.ofMillis(500)));
        assertThat(c.drain()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.scaleIn("web")).isEqualTo(ScaleInPolicy.NEWEST);
        assertThat(c.scaleIn("a-family-without-its-own")).isEqualTo(ScaleInPolicy.LEAST_LOADED);
        assertThat(c.providers().get(0).maxConcurrentStarts()).isEqualTo(4);
    }

    @Test
    void reportsEveryErrorAtOnceAsTheReadmeShows() throws Exception {
        JsonNode root = JSON.readTree(VALID);
        at(root, "/providers/0").put("cors", 2);
        at(root, "/providers/2").put("type", "docker");
        at(root, "/families/web").put("maxNodes", 1);

        assertThatThrownBy(() -> DeployerConfig.parse(JSON.writeValueAsString(root)))
                .hasMessage("""
                deployer configuration: 3 errors:
                  providers[0]: unknown key 'cors'; known: name, type, offers, maxNodes, costPerNodeHour, settings, maxConcurrentStarts
                  providers[2].type: unknown type 'docker'; known: local, ssh, kubernetes, simulated
                  families.web.maxNodes must be >= minNodes (2), was 1""");
    }

    @Test
    void reportsEveryErrorAtOnce() throws Exception {
        JsonNode root = JSON.readTree(VALID);
        at(root, "/providers/0").put("maxNodes", 0);
        at(root, "/families/web").put("maxNodes", 1).put("colour", "red");

        assertThatThrownBy(() -> DeployerConfig.parse(JSON.writeValueAsString(root)))
                .hasMessageStartingWith("deployer configuration: 3 errors:")
                .satisfies(
                        e -> assertThat(((ConfigException) e).errors())
                                .containsExactly(
                                        "providers[0].maxNodes must be >= 1, was 0",
                                        "families.web.maxNodes must be >= minNodes (2), was 1",
                                        "families.web: unknown key 'colour'; known: profile, run, minNodes, maxNodes, cookieFile, scaleIn"));
    }
}
