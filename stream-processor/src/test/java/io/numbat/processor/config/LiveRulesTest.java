package io.numbat.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.processor.health.HealthRules;
import io.numbat.processor.scaling.ScalingPolicy;
import io.numbat.schemas.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Reloading the processor's config file: a valid file is applied at once, a bad one is refused and the old stays. */
class LiveRulesTest {
    private static final FamilyRules OPTIONS =
            FamilyRules.of(ScalingPolicy.defaults(), HealthRules.Settings.defaults());

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path file = dir.resolve("processor.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aValidReloadIsAppliedAtOnce() throws Exception {
        Path file = file("families: {web: {scaling: {maxNodes: 8}}}");
        LiveRules rules = LiveRules.load(file, OPTIONS);
        assertThat(rules.scaling("web").maxNodes()).isEqualTo(8);
        assertThat(rules.monitored("web")).isFalse();

        Files.writeString(file, "families: {web: {mode: monitor}, db: {scaling: {maxNodes: 4}}}");
        assertThat(rules.reload()).isEmpty();

        assertThat(rules.monitored("web")).isTrue();
        assertThat(rules.scaling("web"))
                .as("a monitored family has no scaling policy")
                .isNull();
        assertThat(rules.scaling("db").maxNodes()).isEqualTo(4);
        assertThat(rules.scaling("other")).as("the command line's").isEqualTo(ScalingPolicy.defaults());
    }

    @Test
    void aReloadThatFailsItsChecksIsRefusedAndTheRunningRulesStay() throws Exception {
        Path file = file("families: {web: {mode: monitor, alarms: {nodeDownAfter: 10s}}}");
        LiveRules rules = LiveRules.load(file, OPTIONS);
        Rulebook before = rules.current();

        Files.writeString(file, "families: {web: {mode: scale, alarms: {nodeDownAfter: 0s}, scaling: {step: 2}}}");
        assertThat(rules.reload())
                .containsExactlyInAnyOrder(
                        "families.web.alarms.nodeDownAfter must be at least 1000 ms, was '0s'",
                        "families.web.scaling: unknown key 'step'; known: target, scaleOutAbove, scaleInBelow, "
                                + "outCooldown, inCooldown, maxStep, minNodes, maxNodes, forecastHorizon, forecastQuorum");
        assertThat(rules.current()).isSameAs(before);
        assertThat(rules.monitored("web")).isTrue();

        Files.delete(file);
        assertThat(rules.reload()).singleElement().asString().contains("cannot read the processor configuration");
        assertThat(rules.current()).isSameAs(before);
    }

    @Test
    void aBadFileStopsTheStartNamingTheKey() throws Exception {
        Path file = file("defaults: {mode: monitr}");

        assertThatThrownBy(() -> LiveRules.load(file, OPTIONS))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": defaults.mode: unknown value 'monitr'; known: scale, monitor");
    }

    @Test
    void withoutAFileEveryFamilyHasTheCommandLinesRules() {
        LiveRules rules = LiveRules.fixed(OPTIONS);

        assertThat(rules.reload()).isEmpty();
        assertThat(rules.current().of("web")).isEqualTo(OPTIONS);
    }

    /** The signal is raised in this JVM; the handler runs on the JVM's signal thread. */
    @Test
    void sighupReloadsTheFile() throws Exception {
        Path file = file("families: {web: {mode: scale}}");
        LiveRules rules = LiveRules.load(file, OPTIONS);
        try (HangupReload hangup = HangupReload.install(rules)) {
            // a JVM started with SIGHUP ignored (nohup, some CI runners) keeps it ignored: no handler is ever called
            assumeTrue(hangup.active(), "SIGHUP is ignored in this JVM (started under nohup)");
            Files.writeString(file, "families: {web: {mode: monitor}}");
            Signal.raise(new Signal("HUP"));

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!rules.monitored("web") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(rules.monitored("web"))
                    .as("reloaded by the SIGHUP handler")
                    .isTrue();
        }
    }

    @Test
    void aProcessThatIgnoresSighupIsToldSo() throws Exception {
        LiveRules rules = LiveRules.load(file("families: {web: {mode: scale}}"), OPTIONS);
        Signal hup = new Signal("HUP");
        SignalHandler before = Signal.handle(hup, SignalHandler.SIG_IGN); // as nohup leaves it
        try (HangupReload hangup = HangupReload.install(rules)) {
            assertThat(hangup.active()).as("a handler SIGHUP never reaches").isFalse();
        } finally {
            Signal.handle(hup, before);
        }
    }
}
