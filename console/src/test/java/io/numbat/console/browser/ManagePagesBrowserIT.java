package io.numbat.console.browser;

import static io.numbat.console.Fixtures.anomalyScores;
import static io.numbat.console.Fixtures.batchWithTops;
import static io.numbat.console.Fixtures.bottleneck;
import static io.numbat.console.Fixtures.forecast;
import static io.numbat.console.Fixtures.logEvent;
import static io.numbat.console.Fixtures.proc;
import static io.numbat.console.Fixtures.processInfo;
import static io.numbat.console.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Manage pages in headless Chromium ({@code manage.spec.mjs}) against a console fed directly (no broker: the
 * {@link io.numbat.console.TestIntake} stands in for Kafka and for the agent that answers queries and actions): the
 * Top table sorts by each measure and follows the node's ticks, a chart draws its limit and has a tooltip, an
 * action asks for confirmation and a reason, a dry run and a kill show the agent's result and land in the audit
 * trail, the node's error log events are listed and its alarm refers to them, the anomaly chart draws the node's
 * scores with the alarm's threshold, the bottleneck view links culprits to
 * their process pages, and a console without an operator token
 * disables its buttons and says why. The same pages against the real platform: {@code ConsoleBrowserIT}.
 */
class ManagePagesBrowserIT {
    static final String NODE = "web-1@sim";

    private Vertx vertx;
    private ConsoleTestSupport acting;
    private ConsoleTestSupport readOnly;
    private long ticks;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        acting = new ConsoleTestSupport(
                vertx,
                ConsoleTestSupport.config().withOperatorToken("op-secret").withCommandTimeout(Duration.ofSeconds(20)));
        readOnly = new ConsoleTestSupport(vertx, ConsoleTestSupport.config());
        long now = System.currentTimeMillis();
        for (ConsoleTestSupport c : List.of(acting, readOnly)) {
            c.intake.feedAndWait(s -> {
                for (int i = 40; i >= 1; i--) { // 20 minutes of history, growing towards the limit
                    s.metrics(withGrowth(batchWithTops(NODE, "web", now - i * 30_000L), 40 - i));
                }
                s.forecast(forecast(NODE, "web", now, 1_200));
                long minute = Math.floorDiv(now, 60_000L) * 60_000L;
                for (int i = 20; i >= 1; i--) { // 20 minutes of anomaly scores, one over the threshold
                    s.anomalyScores(anomalyScores(NODE, "web", minute - i * 60_000L, i == 5 ? 0.97 : 0.2, 0.95));
                }
                s.nodeEvent(logEvent(NODE, "web", "error", "<b>payment</b> 42 failed: timeout", now - 60_000));
                var flood = proc("event_relay", "<0.4712.0>", 8_000, 50_000, 30_000_000);
                s.alarm(bottleneck(NODE, "web", "max_message_queue", flood, now));
                s.alarm(bottleneck(null, "web", "max_message_queue", proc("event_relay", "", 0, 0, 0), now));
            });
            c.intake.agent = q -> processInfo(q.getRequestId(), q.getNode(), q.getPid());
            c.intake.actor = a -> a.getDryRun()
                    ? List.of(result(a, ActionStatus.WOULD_DO, "would kill " + a.getPid() + " on " + a.getNode()))
                    : List.of(
                            result(a, ActionStatus.EXECUTING, "killing " + a.getPid()),
                            result(a, ActionStatus.DONE, "killed " + a.getPid() + " on " + a.getNode()));
        }
        // the node ticks every second, as an agent would
        ticks = vertx.setPeriodic(1_000, id -> {
            MetricBatch tick = withGrowth(batchWithTops(NODE, "web", System.currentTimeMillis()), 40);
            acting.intake.feed(s -> s.metrics(tick));
            readOnly.intake.feed(s -> s.metrics(tick));
        });
    }

    /** The batch with a process count rising by 1,000 a step, under its limit of 262,144. */
    private static MetricBatch withGrowth(MetricBatch b, int step) {
        List<Sample> samples = new ArrayList<>();
        for (Sample s : b.getSamples()) {
            samples.add(
                    s.getMetric() == MetricId.PROCESS_COUNT.id()
                            ? new Sample(s.getMetric(), 150_000.0 + step * 1_000)
                            : s);
        }
        samples.add(new Sample(MetricId.PORT_COUNT.id(), 120.0));
        samples.add(new Sample(MetricId.MAX_MESSAGE_QUEUE.id(), 8_000.0));
        return MetricBatch.newBuilder(b).setSamples(samples).build();
    }

    @AfterEach
    void stop() {
        vertx.cancelTimer(ticks);
        acting.close();
        readOnly.close();
        vertx.close();
    }

    @Test
    void topSortsBottlenecksLinkActionsConfirmAndChartsDrawTheirLimits() throws Exception {
        NodeScript.Run run = NodeScript.run(
                "manage.spec.mjs",
                List.of(
                        "http://127.0.0.1:" + acting.console.port(),
                        "http://127.0.0.1:" + readOnly.console.port(),
                        NODE),
                300);
        System.out.println(run.output());
        assertThat(run.exitCode())
                .as("manage.spec.mjs exit code; its output:%n%s", run.output())
                .isZero();
        assertThat(run.output()).doesNotContain("not ok");
        assertThat(acting.intake.actions).hasSize(2); // the dry run and the kill; the cancelled one was never sent
        assertThat(acting.intake.actions.get(0).getDryRun()).isTrue();
        assertThat(acting.intake.actions.get(1).getReason()).isEqualTo("runaway report, checked in the browser");
        assertThat(readOnly.intake.actions).isEmpty();
    }
}
