package io.numbat.deployer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.decision.DecisionCheck;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.ScalingDecision;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded random requests against the deployer's router (bodies, paths and parameters: huge, negative
 * and non-numbers, strings, deep nesting, invalid UTF-8, forms, nothing): every answer is a 2xx or 4xx
 * JSON reply, none hangs, every decision that gets through keeps the decision rules, and a good
 * request is still carried out afterwards. {@code -Dnumbat.fuzz.seed=N} replays another seed.
 */
class DeployerApiFuzzTest {
    private static final long SEED = Long.getLong("numbat.fuzz.seed", 20_261_206L);
    private static final int REQUESTS = 400;
    private static final DeployerConfig CONFIG = DeployerConfig.parse("""
            {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024, "otpVersion": "26"},
                            "maxNodes": 100, "costPerNodeHour": 0}],
             "families": {"web": {"profile": {"cores": 1}, "run": {"command": ["sim"]}, "maxNodes": 5},
                          "db": {"profile": {"cores": 1}, "run": {"command": ["sim"]}, "maxNodes": 3}}}
            """);

    private final List<ScalingDecision> submitted = new CopyOnWriteArrayList<>();
    private final List<FamilyPolicy> policies = new CopyOnWriteArrayList<>();
    private final DeployerState state = new DeployerState() {
        @Override
        public List<NodeView> nodes() {
            return List.of(
                    new NodeView("web-a-1", "web", "sim", "RUNNING", "d1"),
                    new NodeView("web-a-2", "web", "sim", "STOPPED", "d1"),
                    new NodeView("db-b-1", "db", "sim", "RUNNING", "d2"));
        }

        @Override
        public Map<String, FamilyBounds> families() {
            return Map.of("web", new FamilyBounds(1, 5), "db", new FamilyBounds(1, 3));
        }

        @Override
        public Map<String, ProviderView> providers() {
            return Map.of("sim", new ProviderView("simulated", 100));
        }

        @Override
        public Future<Void> submit(ScalingDecision decision) {
            submitted.add(decision);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> setPolicy(FamilyPolicy policy) {
            policies.add(policy);
            return Future.succeededFuture();
        }
    };
    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = new DeployerApi(state)
                .server(vertx)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private record Answer(int status, String contentType, Buffer body) {}

    /**
     * One request on its own connection, written byte for byte over a socket (so that any path, valid
     * or not, reaches the server as generated, and no client library's pool stands between the test
     * and the server); the answer is read to the end of the connection.
     *
     * @throws SocketTimeoutException when no answer comes within 60 s
     */
    private Answer send(HttpMethod method, String uri, String contentType, Buffer body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method.name())
                    .append(' ')
                    .append(uri)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1\r\nConnection: close\r\nContent-Length: ")
                    .append(body.length())
                    .append("\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body.getBytes());
                out.flush();
            } catch (IOException e) {
                // the server answered and closed before taking the whole request: read what it said
            }
            byte[] raw = socket.getInputStream().readAllBytes();
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end)
                    .as("a complete HTTP answer to " + method + " " + shorten(uri) + ": " + shorten(text))
                    .isPositive();
            int status = Integer.parseInt(text.substring(9, 12));
            String type = null;
            for (String line : text.substring(0, end).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    type = line.substring(13).strip();
                }
            }
            return new Answer(status, type, Buffer.buffer(Arrays.copyOfRange(raw, end + 4, raw.length)));
        }
    }

    @Test
    void everyFuzzedRequestGetsA2xxOr4xxJsonAnswerAndAGoodRequestStillGoesThrough() throws Exception {
        Random random = new Random(SEED);
        DecisionCheck rules = new DecisionCheck(CONFIG);
        String previous = "none";
        for (int i = 0; i < REQUESTS; i++) {
            HttpMethod method = pick(
                    random,
                    HttpMethod.GET,
                    HttpMethod.POST,
                    HttpMethod.POST,
                    HttpMethod.POST,
                    HttpMethod.DELETE,
                    HttpMethod.PUT,
                    HttpMethod.PATCH);
            String uri = uri(random);
            String type = pick(
                    random,
                    null,
                    "application/json",
                    "application/json; charset=utf-8",
                    "text/plain",
                    "multipart/form-data; boundary=xyz",
                    "application/x-www-form-urlencoded",
                    "application/octet-stream");
            Buffer body = body(random);
            String what = "request " + i + " of seed " + SEED + ": " + method + " " + shorten(uri) + " (" + type + ", "
                    + body.length() + " bytes: " + preview(body) + ")";

            Answer a;
            try {
                a = send(method, uri, type, body);
            } catch (SocketTimeoutException e) {
                throw new AssertionError(
                        "no answer within 60 s to " + what + "; before it: " + previous + "; now: " + probe()
                                + threads(),
                        e);
            }

            previous = what + " answered " + a.status() + " " + shorten(a.body().toString());
            assertThat(a.status()).as(what + " answered " + a.body()).isBetween(200, 499);
            assertThat(a.contentType())
                    .as(what + " answered " + a.status() + " " + a.body())
                    .startsWith("application/json");
            assertThat(Json.decodeValue(a.body()))
                    .as(what + " answered " + a.status() + " " + a.body())
                    .isNotNull();
        }
        assertThat(submitted)
                .as("what got through keeps the decision rules")
                .allSatisfy(d -> assertThat(rules.problem(d)).isEmpty());

        int before = submitted.size();
        Answer good;
        try {
            good = send(
                    HttpMethod.POST, "/api/families/web/deploy", "application/json", Buffer.buffer("{\"count\": 2}"));
        } catch (SocketTimeoutException e) {
            throw new AssertionError(
                    "no answer within 60 s to the good request; the last fuzzed: " + previous + threads(), e);
        }
        assertThat(good.status()).isEqualTo(202);
        assertThat(submitted).hasSize(before + 1);
        assertThat(submitted.get(before).getCount()).isEqualTo(2);
        assertThat(new JsonObject(good.body()).getString("decision"))
                .isEqualTo(submitted.get(before).getId());
    }

    /** Whether the server answers a plain request now. */
    private String probe() {
        try {
            return "GET /api/families answered "
                    + send(HttpMethod.GET, "/api/families", null, Buffer.buffer())
                            .status();
        } catch (Exception e) {
            return "GET /api/families failed: " + e;
        }
    }

    /** The event loops' stacks, to see what holds one when an answer does not come. */
    private static String threads() {
        StringBuilder s = new StringBuilder("\nthreads:");
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith("vert.x")) {
                s.append("\n").append(t.getName()).append(" ").append(t.getState());
                for (int i = 0; i < Math.min(12, stack.length); i++) {
                    s.append("\n    at ").append(stack[i]);
                }
            }
        });
        return s.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String uri(Random random) {
        String path = switch (random.nextInt(11)) {
            case 0 -> "/api/families/" + segment(random) + "/deploy";
            case 1 -> "/api/families/" + segment(random) + "/scale";
            case 2 -> "/api/nodes/" + segment(random) + "/stop";
            case 3 -> "/api/nodes/" + segment(random);
            case 4 -> "/api/nodes";
            case 5 -> "/api/families";
            case 6 -> "/api/providers";
            case 7 -> "/api/" + segment(random);
            case 8 -> "/" + segment(random);
            case 9 -> "/api/families/" + segment(random) + "/" + segment(random);
            default -> "/api/families/" + pick(random, "web", "db") + "/" + pick(random, "deploy", "scale", "policy");
        };
        return switch (random.nextInt(5)) {
            case 0 -> path + "?family=" + segment(random);
            case 1 -> path + "?family=%ZZ&family=%C3%28";
            case 2 -> path + "?" + segment(random) + "=" + segment(random) + "&count=-1";
            default -> path;
        };
    }

    /** A path segment, percent-encoded: known names, noise, invalid UTF-8, encoded slashes, long runs. */
    private static String segment(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> pick(random, "web", "db", "web-a-1", "web-a-2", "db-b-1", "cache");
            case 1 -> pick(random, "%FF", "%C3%28", "%ED%A0%80", "%00", "%2F", "..", "%2E%2E", "%", "%Z1", "%E2%82");
            case 2 -> "x".repeat(1 + random.nextInt(2000));
            case 3 -> Integer.toString(random.nextInt());
            case 4 -> "";
            default -> {
                byte[] bytes = new byte[1 + random.nextInt(24)];
                random.nextBytes(bytes);
                StringBuilder s = new StringBuilder();
                for (byte b : bytes) {
                    s.append('%').append(HexFormat.of().toHexDigits(b).toUpperCase());
                }
                yield s.toString();
            }
        };
    }

    private static Buffer body(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> Buffer.buffer();
            case 1 -> {
                byte[] bytes = new byte[random.nextInt(512)];
                random.nextBytes(bytes);
                yield Buffer.buffer(bytes);
            }
            case 2 ->
                Buffer.buffer("{\"count\": \"")
                        .appendBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE})
                        .appendString("\"}");
            case 3 -> Buffer.buffer("[".repeat(random.nextInt(5000)) + "]".repeat(random.nextInt(5000)));
            case 4 -> Buffer.buffer("{\"count\": " + "{\"count\": ".repeat(2000) + "1" + "}".repeat(2001));
            case 5 ->
                Buffer.buffer("{\"count\": 1, \"pad\": \"" + "x".repeat(60 * 1024 + random.nextInt(16 * 1024)) + "\"}");
            default ->
                Buffer.buffer(
                        "{\"" + pick(random, "count", "nodes", "Count", "") + "\": " + number(random)
                                + pick(random, "}", "", ", \"count\": 1}", "}}", "} trailing"),
                        StandardCharsets.UTF_8.name());
        };
    }

    private static String number(Random random) {
        return pick(
                random,
                "2147483647",
                "2147483648",
                "-2147483648",
                "9223372036854775807",
                "99999999999999999999999999",
                "1e400",
                "-1e400",
                "1e-400",
                "NaN",
                "Infinity",
                "-Infinity",
                "-1",
                "0",
                "-0",
                "1",
                "2",
                "3",
                "5",
                "1.5",
                "0x10",
                "\"1\"",
                "\"NaN\"",
                "null",
                "true",
                "[]",
                "{}",
                "[1]",
                "\"\\u0000\"",
                "\"\uD83D\uDE00\"",
                Integer.toString(random.nextInt()),
                Long.toString(random.nextLong()),
                Double.toString(random.nextGaussian() * 1e6));
    }

    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...(" + s.length() + " chars)";
    }

    private static String preview(Buffer body) {
        String s = body.toString(StandardCharsets.ISO_8859_1);
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
