package io.numbat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.agent.erlang.ClusterSpec;
import io.numbat.agent.erlang.ErlangSettings;
import io.numbat.schemas.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's configuration file: what it reads, and every mistake refused with its key path. */
class AgentConfigTest {
    @TempDir
    Path dir;

    private static final String TWO_CLUSTERS = """
            clusters:
              - name: shop
                seeds: [web-1@host-a, web-2@host-a]
                cookieFile: shop.cookie
                discover: true
                forgetAfter: 2m
                family: misc
                families:
                  "web-*": web
                  "db-?": db
                  "*": other
                exclude: ["remsh*"]
                interval: 5s
                collectors:
                  topProcesses: 0
                  schedulerUtilisation: false
                  logEventsPerSecond: 0
              - seeds: [billing@host-b]
                cookieFile: /etc/numbat/billing.cookie
            """;

    private static List<ClusterSpec> yaml(String text) {
        return AgentConfig.parse(text, false, Path.of("/conf"), "agent.yaml");
    }

    private static List<String> errorsOf(String text, boolean json) {
        try {
            AgentConfig.parse(text, json, Path.of("/conf"), "agent");
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void readsEveryKeyOfTwoClusters() {
        List<ClusterSpec> clusters = yaml(TWO_CLUSTERS);

        assertThat(clusters).hasSize(2);
        ClusterSpec shop = clusters.get(0);
        assertThat(shop.name()).isEqualTo("shop");
        assertThat(shop.seeds()).containsExactly("web-1@host-a", "web-2@host-a");
        assertThat(shop.cookieFile()).isEqualTo(Path.of("/conf/shop.cookie"));
        assertThat(shop.discover()).isTrue();
        assertThat(shop.forgetAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(shop.settings().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(shop.settings().topProcesses()).isZero();
        assertThat(shop.settings().schedulerUtilisation()).isFalse();
        assertThat(shop.settings().logEventsPerSecond()).isZero();
        assertThat(shop.excluded("remsh-42@host-a")).isTrue();
        assertThat(shop.excluded("numbat_agent_12_1@host-a")).isTrue(); // the defaults stay
        assertThat(shop.excluded("web-3@host-a")).isFalse();
        // first match wins, in the file's order
        assertThat(shop.families().familyOf("web-3@host-a")).isEqualTo("web");
        assertThat(shop.families().familyOf("db-1@host-a")).isEqualTo("db");
        assertThat(shop.families().familyOf("db-12@host-a")).isEqualTo("other");

        ClusterSpec billing = clusters.get(1);
        assertThat(billing.name()).isEqualTo("cluster-1");
        assertThat(billing.cookieFile()).isEqualTo(Path.of("/etc/numbat/billing.cookie"));
        assertThat(billing.discover()).isFalse();
        assertThat(billing.forgetAfter()).isEqualTo(ClusterSpec.DEFAULT_FORGET_AFTER);
        assertThat(billing.families().familyOf("billing@host-b")).isEqualTo("beam");
        assertThat(billing.settings().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(billing.settings().topProcesses()).isEqualTo(10);
        assertThat(billing.settings().schedulerUtilisation()).isTrue();
        assertThat(billing.settings().logEventsPerSecond()).isEqualTo(ErlangSettings.DEFAULT_LOG_EVENTS_PER_SECOND);
    }

    @Test
    void jsonReadsTheSameAndAFileIsReadByItsExtension() throws Exception {
        String json = """
                {"clusters": [{"seeds": ["a@h"], "cookieFile": "c", "families": {"a*": "alpha"}, "discover": true}]}
                """;
        Path file = Files.writeString(dir.resolve("agent.json"), json);

        List<ClusterSpec> clusters = AgentConfig.load(file);

        assertThat(clusters).singleElement().satisfies(c -> {
            assertThat(c.seeds()).containsExactly("a@h");
            assertThat(c.cookieFile()).isEqualTo(dir.resolve("c").toAbsolutePath());
            assertThat(c.families().familyOf("a@h")).isEqualTo("alpha");
            assertThat(c.discover()).isTrue();
        });
    }

    @Test
    void anInlineCookieIsRefusedNamingItsKey() {
        List<String> errors = errorsOf("""
                clusters:
                  - seeds: [a@h]
                    cookieFile: c
                  - seeds: [b@h]
                    cookie: secret-value
                """, false);

        assertThat(errors.get(0))
                .startsWith("clusters[1].cookie: a cookie is never written in the configuration")
                .contains("cookieFile");
        assertThat(errors).contains("clusters[1].cookieFile: required").hasSize(2);
        assertThat(errors.toString()).doesNotContain("secret-value");
    }

    @Test
    void unknownKeysAreErrorsNamingThePathAndTheKnownKeys() {
        List<String> errors = errorsOf("""
                clusters:
                  - seeds: [a@h]
                    cookieFile: c
                    seed: b@h
                    collectors: {topProcess: 5}
                verbose: true
                """, false);

        assertThat(errors)
                .anyMatch(e -> e.startsWith("the configuration: unknown key 'verbose'; known: clusters"))
                .anyMatch(e -> e.startsWith("clusters[0]: unknown key 'seed'") && e.contains("seeds"))
                .anyMatch(e ->
                        e.startsWith("clusters[0].collectors: unknown key 'topProcess'") && e.contains("topProcesses"))
                .noneMatch(e -> e.contains("known:") && e.contains("cookie,"));
    }

    @Test
    void wrongTypesAreErrorsNamingTheKeyPath() {
        List<String> errors = errorsOf("""
                clusters:
                  - seeds: [a@h]
                    cookieFile: c
                  - seeds: [no-host, 42]
                    cookieFile: c
                    discover: "yes"
                    interval: soon
                    families: {"web-*": [web]}
                    collectors: {topProcesses: -1, schedulerUtilisation: 1, logEventsPerSecond: 5000}
                """, false);

        assertThat(errors)
                .contains(
                        "clusters[1].seeds[0] must be NAME@HOST, was \"no-host\"",
                        "clusters[1].seeds[1] must be NAME@HOST, was 42",
                        "clusters[1].discover must be true or false, was \"yes\"",
                        "clusters[1].families.web-* must be a family name, was [\"web\"]",
                        "clusters[1].collectors.topProcesses must be in 0..1000, was -1",
                        "clusters[1].collectors.schedulerUtilisation must be true or false, was 1",
                        "clusters[1].collectors.logEventsPerSecond must be in 0..1000, was 5000")
                .anyMatch(e -> e.startsWith("clusters[1].interval: "));
    }

    @Test
    void missingSeedsOrCookieFileAndDuplicateNamesAreErrors() {
        assertThat(errorsOf("clusters:\n  - name: a\n", false))
                .containsExactly("clusters[0].seeds: required", "clusters[0].cookieFile: required");
        assertThat(errorsOf("clusters: []", false))
                .singleElement()
                .asString()
                .startsWith("clusters must be a non-empty list");
        assertThat(errorsOf("{}", true)).containsExactly("clusters: required");
        assertThat(errorsOf("""
                        clusters:
                          - {name: x, seeds: [a@h], cookieFile: c}
                          - {name: x, seeds: [b@h], cookieFile: c}
                        """, false)).containsExactly("clusters[1].name: duplicate cluster name 'x'");
    }

    @Test
    void unparsableTextAndDuplicateKeysSayWhere() {
        assertThatThrownBy(() -> AgentConfig.parse("{\"clusters\": [", true, dir, "agent.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("agent.json: line ");
        assertThatThrownBy(() -> yaml("clusters: []\nclusters: []\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clusters");
        assertThatThrownBy(() -> yaml("")).isInstanceOf(ConfigException.class).hasMessageContaining("empty");
    }
}
