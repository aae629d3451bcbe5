package io.numbat.console.browser;

import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.next;
import static io.numbat.console.Fixtures.remediation;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.RemediationVerdict;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remediations page in headless Chromium ({@code remediations.spec.mjs}) against a console fed directly (no
 * broker: the {@link io.numbat.console.TestIntake} stands in for Kafka and for the stream processor, which answers
 * an approval with APPROVED): the list with its states, forecast and reasons, the state filter, the reject dialog
 * that will not send without a reason, Cancel, an approval that the list then shows APPROVED, and the node page's
 * remediations.
 */
class RemediationsPageBrowserIT {
    static final String NODE = "web-1@sim";

    private Vertx vertx;
    private ConsoleTestSupport c;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        c = new ConsoleTestSupport(vertx, ConsoleTestSupport.config());
        long now = System.currentTimeMillis();
        Remediation proposed = remediation(
                NODE, "web", RemediationState.PROPOSED, RemediationMode.APPROVE, now, "waiting for an operator");
        Remediation done = Remediation.newBuilder(next(
                        remediation(
                                "web-2@sim",
                                "web",
                                RemediationState.PROPOSED,
                                RemediationMode.AUTO,
                                now - 900_000,
                                "opened"),
                        RemediationState.DONE,
                        now - 600_000,
                        "web-2@sim STOPPED after web-9@sim RUNNING"))
                .setReplacementNode("web-9@sim")
                .build();
        Remediation expired = next(
                remediation("db-1@sim", "db", RemediationState.PROPOSED, RemediationMode.APPROVE, now - 1_200_000, "x"),
                RemediationState.EXPIRED,
                now - 600_000,
                "not approved within 600 s");
        c.intake.feedAndWait(s -> {
            s.metrics(batch(NODE, "web", now, 0.5, 200_000));
            s.remediation(expired);
            s.remediation(done);
            s.remediation(proposed);
        });
        c.intake.processor = cmd -> cmd.getVerdict() == RemediationVerdict.APPROVE
                ? List.of(Remediation.newBuilder(next(
                                proposed,
                                RemediationState.APPROVED,
                                System.currentTimeMillis(),
                                "approved by " + cmd.getWho()))
                        .setWho(cmd.getWho())
                        .build())
                : List.of();
    }

    @AfterEach
    void stop() {
        c.close();
        vertx.close();
    }

    @Test
    void listsRemediationsFiltersThemAndApprovesOneWithConfirmation() throws Exception {
        NodeScript.Run run =
                NodeScript.run("remediations.spec.mjs", List.of("http://127.0.0.1:" + c.console.port(), NODE), 300);
        System.out.println(run.output());
        assertThat(run.exitCode())
                .as("remediations.spec.mjs exit code; its output:%n%s", run.output())
                .isZero();
        assertThat(run.output()).doesNotContain("not ok");
        assertThat(c.intake.verdicts).singleElement().satisfies(v -> {
            assertThat(v.getVerdict()).isEqualTo(RemediationVerdict.APPROVE);
            assertThat(v.getWho()).isEqualTo("ann");
            assertThat(v.getReason()).isEqualTo("leak confirmed in the browser");
            assertThat(v.getFamily()).isEqualTo("web");
        });
    }
}
