package io.numbat.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.processor.alarm.LevelAlarm;
import io.numbat.processor.health.HealthRules;
import io.numbat.processor.scaling.ScalingPolicy;
import io.numbat.schemas.config.ConfigException;
import io.numbat.schemas.util.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code numbat processor --config}: the command line's settings, then the file's {@code defaults}, then
 * {@code families.F}, key by key; every error names its key path.
 */
class ProcessorConfigTest {
    /** What the command line gives: the default policy and thresholds, but a node-down time of 45 s. */
    private static final FamilyRules OPTIONS = FamilyRules.of(
            ScalingPolicy.defaults(),
            new HealthRules.Settings(
                    LevelAlarm.Thresholds.ofLimit(),
                    HealthRules.Settings.defaults().messageQueue(),
                    Duration.ofMinutes(15),
                    3,
                    Duration.ofSeconds(45),
                    HealthRules.Settings.defaults().forecast(),
                    HealthRules.Settings.defaults().anomalyMetrics(),
                    0.95,
                    30,
                    HealthRules.Settings.defaults().bottlenecks(),
                    HealthRules.Settings.defaults().anomalyDetector()));

    static final String YAML = """
            defaults:
              alarms:
                limits: {minor: 60%, major: 0.8}
                anomalyThreshold: 0.9
              scaling:
                maxNodes: 20
                outCooldown: 2m
            families:
              web:
                scaling:
                  target: 50%
                  scaleOutAbove: 0.7
                  minNodes: 2
                  maxStep: 3
                  forecastHorizon: 10m
                  forecastQuorum: 0.25
                alarms:
                  messageQueue: {minor: 500, clearFactor: 0.9}
                  nodeDownAfter: 10s
              batch:
                mode: monitor
              db: {}
            """;

    @TempDir
    Path dir;

    private static Rulebook yaml(String text) {
        return ProcessorConfig.parse(text, false, "processor.yaml", OPTIONS);
    }

    private static List<String> errors(String text) {
        try {
            yaml(text);
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("no error for " + text);
    }

    @Test
    void commandLineThenDefaultsThenTheFamilyKeyByKey() throws Exception {
        Path file = dir.resolve("processor.yaml");
        Files.writeString(file, YAML);

        Rulebook book = ProcessorConfig.load(file, OPTIONS);

        FamilyRules other = book.of("other");
        assertThat(other.mode()).isEqualTo(FamilyMode.SCALE);
        assertThat(other.alarms().limits().minor()).isEqualTo(0.60);
        assertThat(other.alarms().limits().major()).isEqualTo(0.80);
        assertThat(other.alarms().limits().critical())
                .as("from the command line")
                .isEqualTo(0.95);
        assertThat(other.alarms().anomalyThreshold()).isEqualTo(0.9);
        assertThat(other.alarms().nodeDownAfter()).as("from the command line").isEqualTo(Duration.ofSeconds(45));
        assertThat(other.scaling().maxNodes()).isEqualTo(20);
        assertThat(other.scaling().outCooldown()).isEqualTo(Duration.ofMinutes(2));
        assertThat(other.scaling().inCooldown()).isEqualTo(Duration.ofMinutes(15));
        assertThat(book.of("db")).as("an empty family takes the defaults").isEqualTo(other);
        assertThat(book.of(null)).isEqualTo(other);

        FamilyRules web = book.of("web");
        assertThat(web.scaling())
                .isEqualTo(new ScalingPolicy(
                        0.5,
                        0.7,
                        0.35,
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(15),
                        2,
                        20,
                        3,
                        Duration.ofMinutes(10),
                        0.25));
        assertThat(web.alarms().messageQueue()).isEqualTo(new LevelAlarm.Thresholds(500, 10_000, 100_000, 0.9));
        assertThat(web.alarms().nodeDownAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(web.alarms().limits().minor()).as("the file's defaults").isEqualTo(0.60);

        FamilyRules batch = book.of("batch");
        assertThat(batch.mode()).isEqualTo(FamilyMode.MONITOR);
        assertThat(batch.scalingOrNull()).as("never a scaling decision").isNull();
        assertThat(batch.alarms()).isEqualTo(other.alarms());
        assertThat(book.summary()).isEqualTo("defaults scale; families: batch monitor, db scale, web scale");
    }

    @Test
    void readsJsonToo() throws Exception {
        Path file = dir.resolve("processor.json");
        Files.writeString(file, "{\"families\": {\"batch\": {\"mode\": \"monitor\"}}}");

        assertThat(ProcessorConfig.load(file, OPTIONS).of("batch").mode()).isEqualTo(FamilyMode.MONITOR);
    }

    @Test
    void anUnknownKeyIsAnErrorNamingItsPathAndTheKnownKeys() {
        assertThat(errors("families: {web: {scaling: {maxNode: 3}}}"))
                .containsExactly("families.web.scaling: unknown key 'maxNode'; known: target, scaleOutAbove, "
                        + "scaleInBelow, outCooldown, inCooldown, maxStep, minNodes, maxNodes, forecastHorizon, "
                        + "forecastQuorum");
        assertThat(errors("default: {}"))
                .containsExactly("the configuration: unknown key 'default'; known: defaults, " + "families");
        assertThat(errors("defaults: {alarms: {limits: {minor: 0.5, warning: 0.6}}}"))
                .containsExactly(
                        "defaults.alarms.limits: unknown key 'warning'; known: minor, major, critical, clearFactor");
    }

    @Test
    void everyBadValueIsReportedAtItsKeyPath() {
        List<String> errors = errors("""
                defaults:
                  mode: autoscale
                  alarms:
                    limits: {minor: 170%}
                    messageQueue: {major: -1}
                    anomalyThreshold: high
                    nodeDownAfter: soon
                families:
                  web:
                    scaling:
                      target: 0.9
                      maxNodes: 0
                      inCooldown: 5
                  "": {}
                  db: null
                """);

        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "defaults.mode: unknown value 'autoscale'; known: scale, monitor",
                        "defaults.alarms.anomalyThreshold must be a number, was \"high\"",
                        "defaults.alarms.nodeDownAfter: " + durationError("soon"),
                        "defaults.alarms.limits.minor must be in 0..1, was \"170%\"",
                        "defaults.alarms.messageQueue.major must be >= 1, was -1",
                        "families.web.scaling.inCooldown must be a non-empty string, was 5",
                        "families.web.scaling.maxNodes must be >= 1, was 0",
                        "families.web.scaling.target: need scaleInBelow < target < scaleOutAbove, were 0.35, 0.9, 0.75",
                        "families: a family name must be non-empty and without '/', was ''",
                        "families.db must be an object (an empty one, {}, takes the defaults), was null");
    }

    @Test
    void rulesThatDoNotHoldTogetherBlameTheKeyTheSectionSets() {
        assertThat(errors("families: {web: {scaling: {scaleInBelow: 0.7}}}"))
                .containsExactly("families.web.scaling.scaleInBelow: need scaleInBelow < target < scaleOutAbove, "
                        + "were 0.7, 0.6, 0.75");
        assertThat(errors("defaults: {scaling: {minNodes: 60}}"))
                .containsExactly("defaults.scaling.minNodes: need minNodes <= maxNodes, were 60, 50");
        assertThat(errors("defaults: {alarms: {limits: {critical: 0.8}}}"))
                .containsExactly("defaults.alarms.limits.critical: need minor < major < critical, were 0.7, 0.85, 0.8");
        assertThat(errors("defaults: {alarms: {messageQueue: {clearFactor: 1}}}"))
                .containsExactly("defaults.alarms.messageQueue.clearFactor must be above 0 and below 1, was 1");
        assertThat(errors("defaults: {scaling: {forecastQuorum: 0}}"))
                .containsExactly("defaults.scaling.forecastQuorum must be above 0, was 0");
    }

    @Test
    void aBrokenOrEmptyFileIsAnErrorNamingTheFile() {
        assertThatThrownBy(() -> yaml("defaults: ["))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("processor.yaml: line ");
        assertThatThrownBy(() -> yaml("")).hasMessage("processor.yaml: the configuration is empty");
        assertThatThrownBy(() -> yaml("families: {web: {}}\nfamilies: {db: {}}"))
                .hasMessageContaining("Duplicate field 'families'");
    }

    private static String durationError(String text) {
        try {
            Durations.parse(text);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError(text + " parsed");
    }
}
