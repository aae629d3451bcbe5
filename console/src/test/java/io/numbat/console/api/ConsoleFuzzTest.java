package io.numbat.console.api;

import static io.numbat.console.ConsoleTestSupport.await;
import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.processInfo;
import static io.numbat.console.Fixtures.raised;
import static io.numbat.console.Fixtures.remediation;
import static io.numbat.console.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleConfig;
import io.numbat.console.ConsoleTestSupport;
import io.numbat.console.metrics.ConsoleMetrics;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeded random requests against every route of the console (and near-misses, traversal attempts,
 * bad escapes, odd methods, garbage headers and bodies): every answer is a 2xx or 4xx JSON object
 * (errors with {@code "error"}), except the three documented non-JSON answers, each only as a 200 to
 * a GET (or HEAD) of its own path: the operator page ({@code /}, {@code /index.html}, text/html), the
 * Prometheus scrape ({@code /metrics}) and the event stream ({@code /api/events}). Never a 5xx, a
 * closed connection or a hang, and the console still answers good requests afterwards.
 */
@ExtendWith(VertxExtension.class)
class ConsoleFuzzTest {
    /** Fixed, so a failure repeats; {@code -Dconsole.fuzz.seed=N} explores another. */
    private static final long SEED = Long.getLong("console.fuzz.seed", 20_260_212L);

    private static final int REQUESTS = 1500;
    private static final long TIMEOUT_MS = 10_000;
    /** How many failed requests the assertion message shows. */
    private static final int SHOWN = 40;

    private static final String TOKEN = "s3cret";
    private static final String ALARM = "web-1@sim/memory";
    /** A PROPOSED remediation's id, escaped for a path. */
    private static final String REMEDIATION = "web-1@sim%2Fpredicted_exhaustion%2Fprocess_count@1000";

    private static final List<String> METHODS =
            List.of("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "get");
    private static final List<String> GOOD_PATHS = List.of(
            "/health",
            "/health/live",
            "/health/ready",
            "/metrics",
            "/api/events",
            "/",
            "/index.html",
            "/api/fleet",
            "/api/nodes",
            "/api/nodes/web-1@sim",
            "/api/families/web/trends",
            "/api/alarms",
            "/api/deployments",
            "/api/alarms/web-1@sim%2Fmemory/ack",
            "/api/alarms/web-1@sim/memory/unack",
            "/api/families/web/scale",
            "/api/nodes/web-1@sim/top?by=memory",
            "/api/nodes/web-1@sim/anomaly?minutes=10",
            "/api/nodes/web-1@sim/processes/%3C0.1.0%3E",
            "/api/nodes/web-1@sim/actions",
            "/api/bottlenecks",
            "/api/remediations",
            "/api/remediations/" + REMEDIATION + "/approve",
            "/api/silences",
            "/api/changes",
            "/api/autoscaling");
    private static final List<String> PATHS = List.of(
            "/health",
            "/health/live",
            "/health/ready",
            "/health/",
            "/health/nope",
            "/healthz",
            "/HEALTH",
            "/metrics",
            "/metrics/",
            "/metrics.txt",
            "/api/events",
            "/api/events/",
            "/events",
            "/api/events/x",
            "/api/fleet",
            "/api/fleet/",
            "/API/fleet",
            "/api/fleet/x",
            "/api/nodes",
            "/api/nodes/",
            "/api/nodes/web-1@sim",
            "/api/nodes/host-1%2Fcpu:0",
            "/api/nodes/host-1/cpu:0",
            "/api/nodes/%ZZ",
            "/api/nodes/%",
            "/api/nodes/%FF%FE",
            "/api/nodes/%C0%AE%C0%AE",
            "/api/nodes/..%2F..%2Fetc%2Fpasswd",
            "/api/nodes/nope@sim",
            "/api/nodes/web-1@sim/../../metrics",
            "/api/nodes/%00",
            "/api/nodes/%ZZ/top",
            "/api/nodes/web-1@sim/top?by=%ZZ",
            "/api/nodes/nope@sim/top",
            "/api/nodes/%ZZ/anomaly",
            "/api/nodes/web-1@sim/anomaly?minutes=%ZZ",
            "/api/nodes/web-1@sim/anomaly?minutes=-1",
            "/api/nodes/host-1/cpu:0/anomaly",
            "/api/nodes/web-1@sim/processes/%ZZ",
            "/api/nodes/web-1@sim/processes/self()",
            "/api/nodes/web-1@sim/processes/",
            "/api/nodes/nope@sim/actions",
            "/api/nodes/%/actions",
            "/api/bottlenecks/x",
            "/api/families/web/trends",
            "/api/families//trends",
            "/api/families/%ZZ/trends",
            "/api/families/%/trends",
            "/api/families/nope/trends",
            "/api/families/web",
            "/api/families/web/scale",
            "/api/families/%ZZ/scale",
            "/api/families/web/scale/",
            "/api/families/../../metrics",
            "/api/alarms",
            "/api/alarms/",
            "/api/alarms/web-1@sim%2Fmemory/ack",
            "/api/alarms/web-1@sim/memory/unack",
            "/api/alarms/web-1@sim/memory/ack",
            "/api/alarms/nope/ack",
            "/api/alarms//ack",
            "/api/alarms/%ZZ/ack",
            "/api/alarms/%/unack",
            "/api/alarms/x/ack/",
            "/api/alarms/x/nack",
            "/api/alarms/%FF/ack",
            "/api/deployments",
            "/api/deployments/x",
            "/api/remediations",
            "/api/remediations/",
            "/api/remediations/" + REMEDIATION,
            "/api/remediations/" + REMEDIATION + "/reject",
            "/api/remediations/nope/approve",
            "/api/remediations//approve",
            "/api/remediations/%ZZ/approve",
            "/api/remediations/x/approve/",
            "/api/remediations?state=nope",
            "/api",
            "/api/",
            "/api/nope",
            "/api/..",
            "/api/%2e%2e/metrics",
            "/",
            "/index.html",
            "/index.htm",
            "/webroot/index.html",
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc%2fpasswd",
            "//etc/passwd",
            "/.%2e/.%2e/pom.xml",
            "/..\\..\\pom.xml",
            "/nothing-here.js",
            "/%ZZ",
            "/%",
            "/%00",
            "/io/numbat/console/Console.class",
            "*",
            "http://127.0.0.1/api/fleet",
            "");
    /** Every route the console serves: each must answer 2xx to some fuzzed request. */
    private static final Set<String> ROUTES = Set.of(
            "GET /health",
            "GET /health/live",
            "GET /health/ready",
            "GET /metrics",
            "GET /api/events",
            "GET /",
            "GET /index.html",
            "GET /api/fleet",
            "GET /api/nodes",
            "GET /api/nodes/{node}",
            "GET /api/families/{family}/trends",
            "GET /api/alarms",
            "GET /api/deployments",
            "GET /api/remediations",
            "POST /api/alarms/{id}/ack",
            "POST /api/alarms/{id}/unack",
            "POST /api/families/{family}/scale");

    private static final List<String> KEYS =
            List.of("family", "q", "page", "size", "severity", "node", "access_token", "", "page[]", "x");
    private static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=utf-16",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=XyZ",
            "application/octet-stream",
            "*/*",
            "",
            "garbage;;;=",
            "application/json; charset=nope");
    private static final List<String> AUTHORIZATIONS = List.of(
            "Bearer wrong",
            "Bearer ",
            "Bearer",
            "Basic dXNlcjpwYXNz",
            "bearer " + TOKEN,
            "Bearer " + TOKEN + "x",
            "\u00ff\u00fe",
            "Bearer " + "A".repeat(4000),
            "Negotiate xyz",
            "");

    private ConsoleTestSupport c;
    private HttpServer deployer;
    private RawHttp http;
    private byte[] page;

    @BeforeEach
    void standInDeployer(Vertx vertx) throws IOException {
        deployer = await(vertx.createHttpServer()
                .requestHandler(req -> req.body()
                        .onComplete(b -> req.response()
                                .setStatusCode(202)
                                .putHeader("Content-Type", "application/json")
                                .end(new JsonObject()
                                        .put("decision", "operator-1")
                                        .encode())))
                .listen(0, "127.0.0.1"));
        try (InputStream in = getClass().getResourceAsStream("/webroot/index.html")) {
            page = in.readAllBytes();
        }
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (c != null) {
            c.close();
        }
        await(deployer.close());
    }

    private void start(Vertx vertx, ConsoleConfig config) {
        c = new ConsoleTestSupport(
                vertx,
                config.withDeployerUrl(URI.create("http://127.0.0.1:" + deployer.actualPort()))
                        .withOperatorToken("operator-secret"));
        // the agent answers at once, so a query or an action never waits for the command timeout
        c.intake.agent = q -> processInfo(q.getRequestId(), q.getNode(), q.getPid());
        c.intake.actor = a -> List.of(result(a, ActionStatus.DONE, "done"));
        long now = System.currentTimeMillis();
        c.intake.feedAndWait(s -> {
            s.metrics(batch("web-1@sim", "web", now - 1_000, 0.5, 100));
            s.metrics(batch("host-1/cpu:0", "hosts", now - 1_000, 0.1, 0));
            s.alarm(raised("web-1@sim", "web", "memory", Severity.MAJOR, now));
            s.remediation(remediation(
                    "web-1@sim", "web", RemediationState.PROPOSED, RemediationMode.APPROVE, 1_000, "waiting"));
        });
        http = new RawHttp(c.console.port(), TIMEOUT_MS);
    }

    @Test
    void everyRandomRequestOnLoopbackWithoutATokenGetsAJsonOrDocumentedAnswer(Vertx vertx) throws Exception {
        start(vertx, ConsoleTestSupport.config());
        fuzz(SEED);
    }

    @Test
    void everyRandomRequestBeyondLoopbackWithATokenGetsAJsonOrDocumentedAnswer(Vertx vertx) throws Exception {
        start(vertx, ConsoleTestSupport.config().withHostAndToken("0.0.0.0", TOKEN));
        fuzz(SEED + 1);
    }

    private void fuzz(long seed) throws Exception {
        boolean uploadsBefore = Files.exists(Path.of(BodyHandler.DEFAULT_UPLOADS_DIRECTORY));
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        Set<String> reached = new TreeSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            // every fourth request starts from a good path of each route in turn, the others from every path
            String path = i % 4 == 0 ? GOOD_PATHS.get(i / 4 % GOOD_PATHS.size()) : PATHS.get(i % PATHS.size());
            boolean action = path.endsWith("/ack")
                    || path.endsWith("/unack")
                    || path.endsWith("/scale")
                    || path.endsWith("/approve")
                    || path.endsWith("/reject");
            String method =
                    random.nextBoolean() ? (action ? "POST" : "GET") : METHODS.get(random.nextInt(METHODS.size()));
            byte[] target = target(path, random);
            Map<String, String> headers = headers(random);
            byte[] body = action && random.nextBoolean()
                    ? goodBody(path, random)
                    : random.nextInt(3) == 0 ? new byte[0] : body(random);
            String what = "seed " + seed + ", request " + i + ": " + method + " "
                    + new String(target, StandardCharsets.ISO_8859_1) + " " + headers + " body "
                    + abbreviate(new String(body, StandardCharsets.ISO_8859_1));
            try {
                RawHttp.Answer a;
                try {
                    a = http.send(method, target, headers, body);
                } catch (Exception e) {
                    throw new AssertionError(what + " -> no answer: " + e, e);
                }
                check(what, method, new String(target, StandardCharsets.ISO_8859_1), a);
                if (a.status() / 100 == 2) {
                    reached.add(method + " " + route(normalizedPath(new String(target, StandardCharsets.ISO_8859_1))));
                }
            } catch (AssertionError e) {
                failures.add(e.getMessage().strip());
            }
        }
        assertThat(failures)
                .as(
                        "seed %d: %d of %d requests got a wrong answer, the first %d:%n%s",
                        seed,
                        failures.size(),
                        REQUESTS,
                        Math.min(failures.size(), SHOWN),
                        String.join("\n", failures.subList(0, Math.min(failures.size(), SHOWN))))
                .isEmpty();
        assertThat(reached)
                .as("seed %d: the routes that answered 2xx (the fuzz must reach every route)", seed)
                .containsAll(ROUTES);
        // the console still serves good requests
        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
        RawHttp.Answer health = http.send("GET", bytes("/health"), Map.of(), new byte[0]);
        assertThat(health.status())
                .as("seed %d: /health after the fuzz: %s", seed, health.bodyText())
                .isEqualTo(200);
        RawHttp.Answer alarms = http.send("GET", bytes("/api/alarms"), auth, new byte[0]);
        assertThat(alarms.status())
                .as("seed %d: /api/alarms after the fuzz", seed)
                .isEqualTo(200);
        assertThat(new JsonObject(alarms.bodyText())
                        .getJsonArray("alarms")
                        .getJsonObject(0)
                        .getString("id"))
                .isEqualTo(ALARM);
        RawHttp.Answer ack = http.send(
                "POST",
                bytes("/api/alarms/web-1@sim%2Fmemory/ack"),
                Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"),
                bytes("{\"comment\": \"ok\"}"));
        assertThat(ack.status())
                .as("seed %d: ack after the fuzz: %s", seed, ack.bodyText())
                .isEqualTo(200);
        assertThat(Files.exists(Path.of(BodyHandler.DEFAULT_UPLOADS_DIRECTORY)))
                .as("no upload was written to disk")
                .isEqualTo(uploadsBefore);
    }

    private void check(String what, String method, String target, RawHttp.Answer a) {
        String type = a.header("Content-Type");
        String said = what + " -> " + a.status() + " " + type + " " + abbreviate(a.bodyText());
        assertThat(a.status()).as(said).isBetween(200, 499);
        assertThat(a.status() / 100).as(said).isNotEqualTo(3);
        String path = normalizedPath(target);
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (type != null && type.startsWith("text/html")) {
            assertThat(read && a.status() == 200 && Set.of("/", "/index.html").contains(path))
                    .as(said)
                    .isTrue();
            if (method.equals("GET")) {
                assertThat(a.body())
                        .as(said + ": the operator's page, no other file")
                        .isEqualTo(page);
            }
        } else if (ConsoleMetrics.CONTENT_TYPE.equals(type)) {
            assertThat(read
                            && a.status() == 200
                            && Set.of("/metrics", "/metrics/").contains(path))
                    .as(said)
                    .isTrue();
        } else if (type != null && type.startsWith("text/event-stream")) {
            assertThat(method.equals("GET")
                            && a.status() == 200
                            && Set.of("/api/events", "/api/events/").contains(path))
                    .as(said)
                    .isTrue();
        } else {
            assertThat(type).as(said).startsWith("application/json");
            if (!method.equals("HEAD")) {
                JsonObject j;
                try {
                    j = new JsonObject(a.bodyText());
                } catch (RuntimeException e) {
                    throw new AssertionError(said + ": not a JSON object: " + e.getMessage(), e);
                }
                if (a.status() >= 400) {
                    assertThat(j.getValue("error")).as(said).isInstanceOf(String.class);
                }
            }
        }
    }

    /** A route template for a normalized path ({@code /api/nodes/{node}}), or the path itself. */
    private static String route(String path) {
        return path.replaceFirst("^/api/nodes/.+", "/api/nodes/{node}")
                .replaceFirst("^/api/alarms/.+/(ack|unack)$", "/api/alarms/{id}/$1")
                .replaceFirst("^/api/families/[^/]+/(trends|scale)$", "/api/families/{family}/$1")
                .replaceFirst(
                        "^(/health|/metrics|/api/events|/api/fleet|/api/nodes|/api/alarms|/api/deployments|/api/remediations)/$",
                        "$1");
    }

    private static byte[] target(String path, Random random) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        t.writeBytes(bytes(path));
        switch (random.nextInt(12)) {
            case 0 ->
                t.writeBytes(bytes("/"
                        + value(random).replace(" ", "%20").replace("?", "%3F").replace("#", "%23")));
            case 1 -> t.writeBytes(new byte[] {'/', (byte) 0xC3, (byte) 0x28, (byte) 0xFF}); // invalid UTF-8, raw
            default -> {}
        }
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            t.write(i == 0 ? '?' : '&');
            t.writeBytes(bytes(escape(KEYS.get(random.nextInt(KEYS.size())), random)));
            if (random.nextInt(6) != 0) {
                t.write('=');
                t.writeBytes(bytes(escape(value(random), random)));
            }
        }
        return t.toByteArray();
    }

    /** Mostly a proper escape, sometimes a broken one ({@code %ZZ}, a lone {@code %}). */
    private static String escape(String s, Random random) {
        String e = URLEncoder.encode(s, StandardCharsets.UTF_8);
        return switch (random.nextInt(40)) {
            case 0 -> e + "%ZZ";
            case 1 -> e + "%";
            case 2 -> e + "%FF%FE";
            default -> e;
        };
    }

    private static String value(Random random) {
        return switch (random.nextInt(13)) {
            case 0 -> "web";
            case 1 -> "web-1@sim";
            case 2 -> List.of("minor", "MAJOR", "critical", "nope", "").get(random.nextInt(5));
            case 3 -> String.valueOf(random.nextLong());
            case 4 -> "9".repeat(1 + random.nextInt(40));
            case 5 -> "-" + random.nextInt(100);
            case 6 ->
                List.of("NaN", "Infinity", "-0", "1e9", "0x10", "1.5", " 3", "+4")
                        .get(random.nextInt(8));
            case 7 -> new String(randomBytes(random, random.nextInt(40)), StandardCharsets.UTF_8);
            case 8 -> "x".repeat(random.nextInt(1500));
            case 9 -> TOKEN;
            case 10 -> "../../etc/passwd";
            case 11 -> "<script>alert(1)</script>";
            default -> "\n\r\t\u0000\u2028\"\\" + random.nextInt();
        };
    }

    private static Map<String, String> headers(Random random) {
        Map<String, String> h = new LinkedHashMap<>();
        if (random.nextInt(3) != 0) {
            h.put("Content-Type", CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())));
        }
        if (random.nextBoolean()) {
            h.put("Authorization", "Bearer " + TOKEN);
        } else if (random.nextBoolean()) {
            h.put("Authorization", AUTHORIZATIONS.get(random.nextInt(AUTHORIZATIONS.size())));
        }
        if (random.nextInt(4) == 0) {
            h.put(
                    "Accept",
                    List.of("text/html", "*/*", "application/json", "text/event-stream", "\u00ff")
                            .get(random.nextInt(5)));
        }
        if (random.nextInt(8) == 0) {
            h.put(
                    "Last-Event-ID",
                    List.of("-1", "99999999999999999999", "x", "").get(random.nextInt(4)));
        }
        if (random.nextInt(8) == 0) {
            h.put("Expect", "100-continue");
        }
        if (random.nextInt(8) == 0) {
            h.put("Content-Encoding", List.of("gzip", "deflate", "br", "nope").get(random.nextInt(4)));
        }
        if (random.nextInt(10) == 0) {
            h.put("X-Forwarded-For", "127.0.0.1, 10.0.0.1");
        }
        return h;
    }

    /** A body the action accepts. */
    private static byte[] goodBody(String path, Random random) {
        return bytes(
                path.endsWith("/scale")
                        ? "{\"nodes\": " + random.nextInt(10) + "}"
                        : "{\"comment\": \"on it\", \"user\": \"ann\"}");
    }

    private static byte[] body(Random random) {
        return switch (random.nextInt(16)) {
            case 0 ->
                bytes("{\"nodes\": "
                        + List.of(
                                        "1e400",
                                        "-1",
                                        "NaN",
                                        "Infinity",
                                        "\"5\"",
                                        "99999999999999999999",
                                        "5.0",
                                        "5",
                                        "2147483648",
                                        "null",
                                        "true",
                                        "[5]",
                                        "{\"n\": 5}",
                                        "-0",
                                        "100001",
                                        "0")
                                .get(random.nextInt(16))
                        + "}");
            case 1 ->
                bytes("{\"comment\": "
                        + List.of("\"ok\"", "5", "null", "[]", "{}", "\"" + "c".repeat(1001) + "\"", "\"\\ud800\"")
                                .get(random.nextInt(7))
                        + ", \"user\": "
                        + List.of("\"ann\"", "7", "\"" + "u".repeat(101) + "\"", "false")
                                .get(random.nextInt(4)) + "}");
            case 2 -> bytes("[".repeat(1 + random.nextInt(5000)) + "]".repeat(random.nextInt(5000)));
            case 3 -> bytes("{\"a\":".repeat(1 + random.nextInt(3000)) + "1" + "}".repeat(random.nextInt(3000)));
            case 4 ->
                new byte[] {
                    '{',
                    '"',
                    'c',
                    'o',
                    'm',
                    'm',
                    'e',
                    'n',
                    't',
                    '"',
                    ':',
                    '"',
                    (byte) 0xC3,
                    (byte) 0x28,
                    (byte) 0xFF,
                    (byte) 0xFE,
                    '"',
                    '}'
                }; // invalid UTF-8 inside a string
            case 5 -> randomBytes(random, random.nextInt(4096));
            case 6 -> bytes("x".repeat(100 * 1024)); // 100 KB
            case 7 -> bytes("{\"comment\": \"" + "y".repeat(100 * 1024) + "\"}");
            case 8 ->
                bytes(List.of(
                                "",
                                " ",
                                "null",
                                "[]",
                                "\"str\"",
                                "42",
                                "-1",
                                "NaN",
                                "{",
                                "}",
                                "{}",
                                "{\"nodes\": }",
                                "{'nodes': 5}",
                                "{\"nodes\": 5} trailing")
                        .get(random.nextInt(14)));
            case 9 -> bytes("nodes=5&comment=ok&x=%ZZ&%=&=&y");
            case 10 ->
                bytes("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\n" + "z".repeat(random.nextInt(20_000)) + "\r\n--XyZ--\r\n");
            case 11 -> bytes("--XyZ\r\nContent-Disposition: form-data; name=\"nodes\"\r\n\r\n5\r\n--Xy");
            case 12 -> bytes("{\"nodes\": " + random.nextLong() + ", \"nodes\": " + random.nextInt() + "}");
            case 13 -> bytes("{\"comment\": \"\\u0000\\n<b>\", \"user\": \"\\u2028\"}");
            case 14 -> randomBytes(random, 16 * 1024 + random.nextInt(3));
            default -> bytes("{}");
        };
    }

    /**
     * The path the server routes: the query dropped, escaped unreserved characters decoded, dot
     * segments removed (RFC 3986, 5.2.4) and repeated slashes merged, as Vert.x does.
     */
    private static String normalizedPath(String target) {
        String t = target.startsWith("http://")
                ? target.substring(target.indexOf('/', 7) < 0 ? target.length() : target.indexOf('/', 7))
                : target;
        int q = t.indexOf('?');
        String p = q < 0 ? t : t.substring(0, q);
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char ch = p.charAt(i);
            if (ch == '%' && i + 2 < p.length()) {
                int v = Character.digit(p.charAt(i + 1), 16) * 16 + Character.digit(p.charAt(i + 2), 16);
                if (Character.digit(p.charAt(i + 1), 16) >= 0
                        && Character.digit(p.charAt(i + 2), 16) >= 0
                        && (Character.isLetterOrDigit(v) && v < 128 || "-._~".indexOf(v) >= 0)) {
                    d.append((char) v);
                    i += 2;
                    continue;
                }
            }
            d.append(ch);
        }
        Deque<String> out = new ArrayDeque<>();
        String[] segments = d.toString().split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty() && i < segments.length - 1) {
                continue; // Vert.x also merges repeated slashes
            }
            if (s.equals("..")) {
                out.pollLast();
            } else if (!s.equals(".")) {
                out.addLast(s);
            }
            if ((s.equals("..") || s.equals(".")) && i == segments.length - 1) {
                out.addLast("");
            }
        }
        return "/" + String.join("/", out);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String abbreviate(String s) {
        String one = s.replace("\r", "\\r").replace("\n", "\\n");
        return one.length() <= 300 ? one : one.substring(0, 300) + "...(" + s.length() + " chars)";
    }
}
