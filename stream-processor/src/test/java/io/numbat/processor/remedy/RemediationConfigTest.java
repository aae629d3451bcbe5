package io.numbat.processor.remedy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.Playbook;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code numbat processor --remediation-config}: the file laid over the command line's settings, checked by key. */
class RemediationConfigTest {
    private static final RemediationSettings OPTIONS = RemediationSettings.defaults(RemediationMode.APPROVE);

    private static final String YAML = """
            defaults:
              mode: notify
              maxPerHour: 4
              causes:
                atom_count:
                  playbook: restart
            families:
              web:
                mode: auto
                maxInProgress: 2
                minNodes: 2
                maxNodes: 8
                approvalExpiry: 5m
                causes:
                  memory_total:
                    playbook: gc
                  process_count:
                    mode: approve
              db:
                causes:
                  ets_count:
                    mode: notify
            """;

    @TempDir
    Path dir;

    private static RemediationConfig yaml(String text) {
        return RemediationConfig.parse(text, false, "remedies.yaml", OPTIONS);
    }

    private static ConfigException error(String text) {
        try {
            yaml(text);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("no error for " + text);
    }

    @Test
    void aValidFileSetsDefaultsFamiliesAndCauses() throws Exception {
        Path file = dir.resolve("remedies.yaml");
        Files.writeString(file, YAML);

        RemediationConfig c = RemediationConfig.load(file, OPTIONS);
        RemediationSettings s = c.settings();

        // defaults: the file's mode and maxPerHour over the options'; its cause's playbook over the built-in one
        assertThat(s.mode("other", "process_count")).isEqualTo(RemediationMode.NOTIFY);
        assertThat(s.playbook("other", "process_count")).isEqualTo(Playbook.REPLACE);
        assertThat(s.playbook("other", "atom_count")).isEqualTo(Playbook.RESTART);
        assertThat(s.playbook("other", "run_queue")).isNull();
        assertThat(s.limits("other").maxPerHour()).isEqualTo(4);
        assertThat(s.limits("other").maxInProgress()).isEqualTo(1);
        // a family: its mode, its limits over the defaults (maxPerHour 4 kept), its causes
        assertThat(s.mode("web", "atom_count")).isEqualTo(RemediationMode.AUTO);
        assertThat(s.mode("web", "process_count")).isEqualTo(RemediationMode.APPROVE);
        assertThat(s.playbook("web", "memory_total")).isEqualTo(Playbook.GC);
        assertThat(s.playbook("web", "atom_count")).isEqualTo(Playbook.RESTART);
        RemediationSettings.Limits web = s.limits("web");
        assertThat(web.maxInProgress()).isEqualTo(2);
        assertThat(web.maxPerHour()).isEqualTo(4);
        assertThat(web.minNodes()).isEqualTo(2);
        assertThat(web.maxNodes()).isEqualTo(8);
        assertThat(web.approvalExpiry()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.mode("db", "ets_count")).isEqualTo(RemediationMode.NOTIFY);
        assertThat(s.mode("db", "process_count")).isEqualTo(RemediationMode.NOTIFY);
        assertThat(s.limits("db")).isEqualTo(s.limits());
        assertThat(c.gcKeys()).containsExactly("families.web.causes.memory_total.playbook");
    }

    @Test
    void jsonReadsTheSame() throws Exception {
        Path file = dir.resolve("remedies.json");
        Files.writeString(
                file,
                "{\"families\": {\"web\": {\"causes\": {\"memory_total\": {\"playbook\": \"gc\", \"mode\": \"auto\"}}}}}");

        RemediationSettings s = RemediationConfig.load(file, OPTIONS).settings();

        assertThat(s.playbook("web", "memory_total")).isEqualTo(Playbook.GC);
        assertThat(s.mode("web", "memory_total")).isEqualTo(RemediationMode.AUTO);
        assertThat(s.mode("web", "process_count")).isEqualTo(RemediationMode.APPROVE);
    }

    @Test
    void whatTheFileDoesNotNameKeepsTheOptions() {
        RemediationSettings options = OPTIONS.withDefaultLimits(new RemediationSettings.Limits(
                3,
                9,
                1,
                Integer.MAX_VALUE,
                Duration.ofMinutes(1),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                2));

        RemediationSettings s = RemediationConfig.parse("defaults: {maxPerHour: 12}", false, "f", options)
                .settings();

        assertThat(s.limits().maxPerHour()).isEqualTo(12);
        assertThat(s.limits().maxInProgress()).isEqualTo(3);
        assertThat(s.limits().drain()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.mode("web", "process_count")).isEqualTo(RemediationMode.APPROVE);
    }

    @Test
    void anUnknownKeyIsAnErrorNamingItsPath() {
        assertThat(error("families: {web: {maxInFlight: 2}}").getMessage())
                .contains("families.web: unknown key 'maxInFlight'")
                .contains("maxInProgress");
        assertThat(error("default: {mode: auto}").getMessage())
                .contains("unknown key 'default'; known: defaults, families");
        assertThat(error("families: {web: {causes: {memory_total: {playbok: gc}}}}")
                        .getMessage())
                .contains("families.web.causes.memory_total: unknown key 'playbok'");
    }

    @Test
    void aWrongTypeIsAnErrorNamingItsPath() {
        assertThat(error("families: {web: {maxPerHour: lots}}").getMessage())
                .contains("families.web.maxPerHour must be an integer, was \"lots\"");
        assertThat(error("defaults: {approvalExpiry: 10}").getMessage())
                .contains("defaults.approvalExpiry must be a non-empty string, was 10");
        assertThat(error("families: {web: 3}").getMessage()).contains("families.web must be an object, was 3");
        assertThat(error("families: {web: {maxInProgress: 0}}").getMessage())
                .contains("families.web.maxInProgress must be >= 1, was 0");
        assertThat(error("families: {web: {minNodes: 3, maxNodes: 2}}").getMessage())
                .contains("families.web.maxNodes must be >= minNodes (3), was 2");
    }

    @Test
    void anUnknownMetricIsAnError() {
        assertThat(error("families: {web: {causes: {memory_totl: {playbook: gc}}}}")
                        .getMessage())
                .contains("families.web.causes.memory_totl: unknown metric 'memory_totl'");
    }

    @Test
    void aBadPlaybookOrModeIsAnError() {
        assertThat(error("families: {web: {causes: {memory_total: {playbook: reboot}}}}")
                        .getMessage())
                .contains(
                        "families.web.causes.memory_total.playbook: unknown value 'reboot'; known: replace, restart, gc");
        assertThat(error("defaults: {mode: sometimes}").getMessage())
                .contains("defaults.mode: unknown value 'sometimes'; known: auto, approve, notify");
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        ConfigException e =
                error("defaults: {mode: x}\nfamilies: {web: {maxPerHour: -1, causes: {nope: {}}}, 'a/b': {}}");
        assertThat(e.errors()).hasSize(4);
        assertThat(e.getMessage()).startsWith("remedies.yaml: 4 errors:");
    }

    @Test
    void unreadableYamlAndAnEmptyFileAreErrors() {
        assertThatThrownBy(() -> yaml("defaults: ["))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line");
        assertThatThrownBy(() -> yaml("")).isInstanceOf(ConfigException.class).hasMessageContaining("empty");
    }
}
