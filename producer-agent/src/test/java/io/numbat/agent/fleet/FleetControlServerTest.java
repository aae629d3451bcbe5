package io.numbat.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.schemas.health.Health;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetControlServerTest {
    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimulatedFleet fleet =
            new SimulatedFleet(List.of(new FamilySpec("web", 3, 1.0)), b -> {}, Duration.ofSeconds(10), 1, clock);
    private final FleetControlServer server = new FleetControlServer(fleet, 0);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthNextToTheControlPaths() throws Exception {
        AtomicReference<Health> health = new AtomicReference<>(new Health(true, false, Map.of("lag", 4)));
        server.withHealth(health::get);
        HttpResponse<String> starting = call("GET", "/health");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.body()).contains("\"status\":\"DOWN\"").contains("\"lag\":4");
        assertThat(call("GET", "/health/live").statusCode()).isEqualTo(200);
        health.set(new Health(true, true, Map.of()));
        assertThat(call("GET", "/health").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/fleet").statusCode()).isEqualTo(200);
    }

    @Test
    void servesMetricsNextToTheControlPaths() throws Exception {
        server.withMetrics(() -> "numbat_publisher_spool_bytes 42.0\n");
        HttpResponse<String> metrics = call("GET", "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("numbat_publisher_spool_bytes 42.0");
        assertThat(call("GET", "/fleet").statusCode()).isEqualTo(200);
    }

    @Test
    void injectsAFaultIntoAFamily() throws Exception {
        HttpResponse<String> r = call("POST", "/faults?fault=process_leak&family=web&time-to-limit=5m");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"nodes\":3").contains("\"time_to_limit_s\":300");
    }

    @Test
    void crashesAndRecoversOneNode() throws Exception {
        assertThat(call("POST", "/faults?fault=crash&node=web-2@sim").statusCode())
                .isEqualTo(200);
        HttpResponse<String> r = call("POST", "/recover?node=web-2@sim");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"nodes\":1");
    }

    @Test
    void badRequestsSayWhatIsWrong() throws Exception {
        HttpResponse<String> unknownFault = call("POST", "/faults?fault=cpu_leak&node=web-1@sim");
        assertThat(unknownFault.statusCode()).isEqualTo(400);
        assertThat(unknownFault.body()).contains("unknown fault 'cpu_leak'");
        assertThat(call("POST", "/faults?fault=crash").body()).contains("give exactly one of node= or family=");
        assertThat(call("POST", "/faults?fault=crash&node=x&family=y").statusCode())
                .isEqualTo(400);
        assertThat(call("POST", "/faults?fault=atom_leak&node=web-1@sim&time-to-limit=soon")
                        .body())
                .contains("not a duration");
        HttpResponse<String> nobody = call("POST", "/faults?fault=crash&node=ghost");
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(nobody.body()).contains("no running node matches node ghost");
        assertThat(call("GET", "/faults?fault=crash&node=web-1@sim").statusCode())
                .isEqualTo(405);
    }

    /** The answer's {@code error}, read by a JSON parser (which refuses raw control characters in strings). */
    private String error(HttpResponse<String> r) throws Exception {
        JsonNode body = json.readTree(r.body());
        assertThat(body.has("error")).as("an error reason in %s", r.body()).isTrue();
        return body.get("error").asText();
    }

    @Test
    void aNodeNameWithANewlineGetsValidJsonAndStaysOnOneLogLine() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        HttpResponse<String> fault;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            fault = call("POST", "/faults?fault=crash&node=web%0Aforged%20line@sim");
        } finally {
            System.setErr(original);
        }
        assertThat(fault.statusCode()).isEqualTo(404);
        assertThat(error(fault)).isEqualTo("no running node matches node web\\nforged line@sim");
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs)
                .contains("injected crash into node web\\nforged line@sim (0 nodes")
                .doesNotContain("web\n");

        HttpResponse<String> start = call("POST", "/nodes/start?node=web%0A2&family=web");
        assertThat(start.statusCode()).isEqualTo(400);
        assertThat(error(start)).isEqualTo("node name web\\n2 has a control character");
        assertThat(fleet.size()).isEqualTo(3);
        HttpResponse<String> stop = call("POST", "/nodes/stop?node=web%0A2");
        assertThat(stop.statusCode()).isEqualTo(404);
        assertThat(error(stop)).isEqualTo("node web\\n2 is not running");
        HttpResponse<String> recover = call("POST", "/recover?family=%22web%0A%22");
        assertThat(recover.statusCode()).isEqualTo(404);
        assertThat(error(recover)).isEqualTo("no running node matches family \"web\\n\"");
    }

    @Test
    void aTimeToLimitTooLongToHoldIs400WithTheReason() throws Exception {
        HttpResponse<String> huge =
                call("POST", "/faults?fault=process_leak&family=web&time-to-limit=9999999999999999h");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(error(huge)).isEqualTo("'9999999999999999h' is too long a duration");
        HttpResponse<String> digits =
                call("POST", "/faults?fault=process_leak&family=web&time-to-limit=99999999999999999999ms");
        assertThat(digits.statusCode()).isEqualTo(400);
        assertThat(error(digits)).isEqualTo("'99999999999999999999ms' is too long a duration");
        HttpResponse<String> overAYear =
                call("POST", "/faults?fault=process_leak&family=web&time-to-limit=2000000000000000h");
        assertThat(overAYear.statusCode()).isEqualTo(400);
        assertThat(error(overAYear)).isEqualTo("time-to-limit must be at most 8760h, was '2000000000000000h'");
        HttpResponse<String> aYear = call("POST", "/faults?fault=process_leak&family=web&time-to-limit=8760h");
        assertThat(aYear.statusCode()).isEqualTo(200);
        assertThat(json.readTree(aYear.body()).get("time_to_limit_s").asLong()).isEqualTo(8760 * 3600L);
    }

    @Test
    void unknownRepeatedOrEmptyParametersAre400WithTheReason() throws Exception {
        HttpResponse<String> typo = call("POST", "/faults?fault=crash&family=web&time_to_limit=5m");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(error(typo))
                .isEqualTo("unknown query parameter 'time_to_limit'; known: fault, node, family, time-to-limit");
        HttpResponse<String> twice = call("POST", "/recover?node=web-1@sim&node=web-2@sim");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(error(twice)).isEqualTo("query parameter 'node' given twice");
        HttpResponse<String> empty = call("POST", "/recover?node=");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(error(empty)).isEqualTo("missing query parameter 'node'");
        assertThat(call("GET", "/fleet?verbose=1").statusCode()).isEqualTo(400);
        HttpResponse<String> elsewhere = call("POST", "/faults/crash?node=web-1@sim");
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(error(elsewhere)).isEqualTo("no such endpoint: /faults/crash");
    }

    @Test
    void summarisesTheFleet() throws Exception {
        fleet.tickOnce();
        HttpResponse<String> r = call("GET", "/fleet");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"nodes\":3").contains("\"web\":3").contains("\"batches\":3");
    }

    @Test
    void startsAndStopsANodeForTheDeployer() throws Exception {
        HttpResponse<String> started = call("POST", "/nodes/start?node=web-new&family=web");
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).isEqualTo("{\"node\":\"web-new\",\"started\":true}");
        assertThat(call("POST", "/nodes/start?node=web-new&family=web").body())
                .as("idempotent")
                .contains("\"started\":false");
        assertThat(fleet.size()).isEqualTo(4);
        assertThat(call("POST", "/nodes/start?node=x&family=nope").body()).contains("unknown family 'nope'");
        HttpResponse<String> stopped = call("POST", "/nodes/stop?node=web-new");
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(stopped.body()).contains("\"stopped\":true");
        assertThat(call("POST", "/nodes/stop?node=web-new").statusCode()).isEqualTo(404);
        assertThat(fleet.size()).isEqualTo(3);
    }
}
