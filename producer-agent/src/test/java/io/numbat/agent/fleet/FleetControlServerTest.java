package io.numbat.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetControlServerTest {
    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimulatedFleet fleet = new SimulatedFleet(List.of(new FamilySpec("web", 3, 1.0)), b -> { },
            Duration.ofSeconds(10), 1, clock);
    private final FleetControlServer server = new FleetControlServer(fleet, 0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthNextToTheControlPaths() throws Exception {
        java.util.concurrent.atomic.AtomicReference<io.numbat.schemas.health.Health> health = new java.util.concurrent.atomic
                .AtomicReference<>(new io.numbat.schemas.health.Health(true, false, java.util.Map.of("lag", 4)));
        server.withHealth(health::get);
        HttpResponse<String> starting = call("GET", "/health");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.body()).contains("\"status\":\"DOWN\"").contains("\"lag\":4");
        assertThat(call("GET", "/health/live").statusCode()).isEqualTo(200);
        health.set(new io.numbat.schemas.health.Health(true, true, java.util.Map.of()));
        assertThat(call("GET", "/health").statusCode()).isEqualTo(200);
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
        assertThat(call("POST", "/faults?fault=crash&node=web-2@sim").statusCode()).isEqualTo(200);
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
        assertThat(call("POST", "/faults?fault=crash&node=x&family=y").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/faults?fault=atom_leak&node=web-1@sim&time-to-limit=soon").body())
                .contains("not a duration");
        HttpResponse<String> nobody = call("POST", "/faults?fault=crash&node=ghost");
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(nobody.body()).contains("no running node matches node ghost");
        assertThat(call("GET", "/faults?fault=crash&node=web-1@sim").statusCode()).isEqualTo(405);
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
        assertThat(call("POST", "/nodes/start?node=web-new&family=web").body()).as("idempotent").contains("\"started\":false");
        assertThat(fleet.size()).isEqualTo(4);
        assertThat(call("POST", "/nodes/start?node=x&family=nope").body()).contains("unknown family 'nope'");
        HttpResponse<String> stopped = call("POST", "/nodes/stop?node=web-new");
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(stopped.body()).contains("\"stopped\":true");
        assertThat(call("POST", "/nodes/stop?node=web-new").statusCode()).isEqualTo(404);
        assertThat(fleet.size()).isEqualTo(3);
    }
}
