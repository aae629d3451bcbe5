package io.numbat.console.browser;

import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.ChangeKind;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.Severity;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The silences page in headless Chromium ({@code silences.spec.mjs}) against a console with an operator token, fed
 * directly (the {@link io.numbat.console.TestIntake} stands in for Kafka): a refused silence, one added and expired,
 * the changes, and a silenced alarm marked in the alarm list.
 */
class SilencesPageBrowserIT {
    private Vertx vertx;
    private ConsoleTestSupport c;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        c = new ConsoleTestSupport(vertx, ConsoleTestSupport.config().withOperatorToken("op-token"));
        long now = System.currentTimeMillis();
        Alarm down = Alarm.newBuilder(raised("web-1@sim", "web", "node_down", Severity.CRITICAL, now))
                .setSilenced(true)
                .setSilenceId("s-earlier")
                .build();
        c.intake.feedAndWait(s -> {
            s.metrics(batch("web-1@sim", "web", now, 0.5, 2_000));
            s.alarm(down);
        });
    }

    @AfterEach
    void stop() {
        c.close();
        vertx.close();
    }

    @Test
    void addsARefusedAndAGoodSilenceExpiresItAndShowsTheChanges() throws Exception {
        NodeScript.Run run = NodeScript.run("silences.spec.mjs", List.of("http://127.0.0.1:" + c.console.port()), 300);
        System.out.println(run.output());
        assertThat(run.exitCode())
                .as("silences.spec.mjs exit code; its output:%n%s", run.output())
                .isZero();
        assertThat(run.output()).doesNotContain("not ok");
        assertThat(c.intake.changes)
                .extracting(OperatorChange::getKind)
                .containsExactly(ChangeKind.SILENCE_ADDED, ChangeKind.SILENCE_EXPIRED);
        assertThat(c.intake.changes.get(0).getWho()).isEqualTo("ann");
    }
}
