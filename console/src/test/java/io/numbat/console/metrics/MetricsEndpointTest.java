package io.numbat.console.metrics;

import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.console.Fixtures;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MetricsEndpointTest {
    private ConsoleTestSupport c;

    @BeforeEach
    void start(Vertx vertx) {
        c = new ConsoleTestSupport(vertx);
        long now = System.currentTimeMillis();
        c.intake.feedAndWait(s -> {
            s.metrics(batch("web-1@sim", "web", now, 0.5, 10));
            s.metrics(batch("web-2@sim", "web", now, 0.5, 10));
            s.metrics(batch("db-1@sim", "db", now - 120_000, 0.5, 10));
            s.alarm(raised("web-1@sim", "web", "process_limit", Severity.MAJOR, now));
            s.skipped("numbat.metrics", "bad magic byte");
            s.remediation(Fixtures.remediation(
                    "web-1@sim", "web", RemediationState.PROPOSED, RemediationMode.APPROVE, now, "waiting"));
            s.skipped("numbat.remediations", "not avro");
            s.deadLettered("numbat.remediations");
        });
    }

    @AfterEach
    void stop() {
        c.close();
    }

    @Test
    void prometheusTextWithFleetAlarmConsoleAndJvmSeries() {
        HttpResponse<Buffer> r = c.send(c.get("/metrics"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String body = r.bodyAsString();
        assertThat(body)
                .contains("# TYPE numbat_fleet_nodes gauge")
                .contains("numbat_fleet_nodes{family=\"web\",state=\"up\"} 2.0")
                .contains("numbat_fleet_nodes{family=\"db\",state=\"down\"} 1.0")
                .contains("numbat_fleet_nodes{family=\"db\",state=\"up\"} 0.0")
                .contains("numbat_alarms_raised{severity=\"major\",type=\"process_limit\"} 1.0")
                .contains("numbat_alarms_raised{severity=\"critical\",type=\"process_limit\"} 0.0")
                .contains("numbat_console_records_skipped_total{topic=\"numbat.metrics\"} 1.0")
                .contains("numbat_fleet_remediations{state=\"proposed\"} 1.0")
                .contains("numbat_fleet_remediations{state=\"done\"} 0.0")
                .contains("numbat_console_records_skipped_total{topic=\"numbat.remediations\"} 1.0")
                .contains("numbat_console_records_dead_lettered_total{topic=\"numbat.remediations\"} 1.0")
                .contains("numbat_console_remediations_dropped_total 0.0")
                .contains("numbat_console_sse_clients 0.0")
                .contains("jvm_memory_used_bytes{")
                .contains("jvm_threads_live_threads")
                .contains("process_uptime_seconds");
    }

    @Test
    void gaugesFollowTheView() {
        assertThat(c.send(c.get("/metrics")).bodyAsString())
                .contains("numbat_alarms_raised{severity=\"major\",type=\"process_limit\"} 1.0");
        c.intake.feedAndWait(
                s -> s.alarm(Fixtures.cleared("web-1@sim", "web", "process_limit", System.currentTimeMillis())));
        assertThat(c.send(c.get("/metrics")).bodyAsString())
                .contains("numbat_alarms_raised{severity=\"major\",type=\"process_limit\"} 0.0");
    }
}
