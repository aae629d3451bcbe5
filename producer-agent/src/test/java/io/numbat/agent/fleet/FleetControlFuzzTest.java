package io.numbat.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded random requests against the fleet's control endpoint: every answer is JSON with a status
 * that says what happened (never a 500, never a closed connection, never a hang), and the endpoint
 * still works afterwards.
 */
class FleetControlFuzzTest {
    private static final long SEED = 20261206L;
    private static final int REQUESTS = 400;
    private static final List<String> PATHS = List.of(
            "/faults",
            "/recover",
            "/fleet",
            "/nodes/start",
            "/nodes/stop",
            "/faults/x",
            "/",
            "/fleet/../faults",
            "/nodes");
    private static final List<String> KEYS =
            List.of("fault", "node", "family", "time-to-limit", "time_to_limit", "", "node[]", "x");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimulatedFleet fleet =
            new SimulatedFleet(List.of(new FamilySpec("web", 3, 1.0)), b -> {}, Duration.ofSeconds(10), 1, clock);
    private final FleetControlServer server = new FleetControlServer(fleet, 0);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRandomRequestGetsAJsonAnswerWithAMeaningfulStatus() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < REQUESTS; i++) {
            String method = METHODS.get(random.nextInt(METHODS.size()));
            String target = PATHS.get(random.nextInt(PATHS.size())) + query(random);
            byte[] body = random.nextInt(4) == 0 ? bytes(random, random.nextInt(2048)) : new byte[0];
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + target))
                            .timeout(Duration.ofSeconds(30))
                            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String what = "request " + i + ": " + method + " " + target + " -> " + r.statusCode() + " " + r.body();
            assertThat(r.statusCode()).as(what).isIn(Set.of(200, 400, 404, 405, 409));
            assertThat(json.readTree(r.body()).isObject()).as(what).isTrue();
        }

        HttpResponse<String> fleetNow = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/fleet"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fleetNow.statusCode())
                .as("the endpoint still answers after the fuzz")
                .isEqualTo(200);
    }

    private static String query(Random random) {
        int n = random.nextInt(5);
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < n; i++) {
            q.append(i == 0 ? '?' : '&').append(enc(KEYS.get(random.nextInt(KEYS.size()))));
            if (random.nextInt(6) != 0) {
                q.append('=').append(enc(value(random)));
            }
        }
        return q.toString();
    }

    private static String value(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> "web-" + random.nextInt(5) + "@sim";
            case 1 -> "web";
            case 2 ->
                List.of(
                                "crash",
                                "process_leak",
                                "atom_leak",
                                "memory_leak",
                                "ets_leak",
                                "run_queue",
                                "message_queue",
                                "nope")
                        .get(random.nextInt(8));
            case 3 -> random.nextLong() + List.of("h", "m", "s", "ms", "d", "").get(random.nextInt(6));
            case 4 -> "9".repeat(1 + random.nextInt(40)) + "h";
            case 5 -> "-" + random.nextInt(100) + "s";
            case 6 -> new String(bytes(random, random.nextInt(40)), StandardCharsets.UTF_8);
            case 7 -> "x".repeat(random.nextInt(3000));
            default -> "\n\r\t\u0000\u2028\"\\" + random.nextInt();
        };
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
