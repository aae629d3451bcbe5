package io.numbat.platform.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.platform.PlatformException;
import io.numbat.schemas.util.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code numbat deploy}: asks the deployer's REST API for N more nodes of a family, then shows a
 * progress bar of that decision's nodes reaching RUNNING and ends with a summary. With a token
 * ({@link DeployerToken}) every request carries {@code Authorization: Bearer}.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy N more nodes of a family through the deployer's REST API and follow them to RUNNING.")
final class DeployCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--deployer", paramLabel = "URL", required = true, defaultValue = "${env:NUMBAT_DEPLOYER}",
            description = "The deployer's REST API base URL, e.g. http://127.0.0.1:8081 (env NUMBAT_DEPLOYER; "
                    + "the demo logs it).")
    String deployer;

    @Option(names = "--family", paramLabel = "F", required = true, description = "Node family.")
    String family;

    @Option(names = "--count", paramLabel = "N", required = true, description = "How many more nodes.")
    int count;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long to follow the nodes (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    DeployerToken.Options tokenOptions;

    /** Environment variables; tests replace it. */
    UnaryOperator<String> env = System::getenv;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be >= 1, was " + count);
        }
        Deployer api = new Deployer(deployer, DeployerToken.find(tokenOptions, env));
        String encodedFamily = URLEncoder.encode(family, StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode answer = api.send(api.request("/api/families/" + encodedFamily + "/deploy")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("count", count).toString())), 202);
        String decision = answer.path("decision").textValue();
        if (decision == null) {
            throw new PlatformException("deployer answered without a decision id: " + Printable.escape(answer.toString()));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("decision " + Printable.escape(decision) + ": " + count + " x " + Printable.escape(family));
        long deadline = System.nanoTime() + timeout.toNanos();
        int[] states = new int[2];
        while (System.nanoTime() < deadline) {
            states = Progress.count(api.send(api.request("/api/nodes?family=" + encodedFamily).GET(), 200), decision);
            out.print("\r" + Progress.bar(states[0], states[1], count));
            out.flush();
            if (states[0] + states[1] >= count) {
                break;
            }
            Thread.sleep(500);
        }
        out.println();
        out.printf(Locale.ROOT, "%d of %d RUNNING, %d FAILED, %d still starting%n", states[0], count, states[1],
                Math.max(0, count - states[0] - states[1]));
        return states[0] == count ? 0 : 1;
    }

    /** The deployer's REST API: requests with the token, answers read as JSON, refusals as one line. */
    private static final class Deployer {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final Optional<DeployerToken> token;

        Deployer(String base, Optional<DeployerToken> token) {
            // the base URL, or the API URL that 'numbat deployer' prints (deployer=http://host:port/api)
            this.base = base.replaceAll("/+$", "").replaceAll("/api$", "");
            this.token = token;
        }

        HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            token.ifPresent(t -> b.header("Authorization", t.authorization()));
            return b;
        }

        JsonNode send(HttpRequest.Builder builder, int expected) throws InterruptedException {
            HttpRequest request = builder.build();
            String at = request.uri().getScheme() + "://" + request.uri().getAuthority();
            HttpResponse<String> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new PlatformException("deployer at " + at + " is unreachable: " + e);
            }
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw new PlatformException(token
                        .map(t -> "the deployer at " + at + " refused the token from " + t + " (" + r.statusCode()
                                + "): it must be the deployer's --token")
                        .orElse("the deployer at " + at + " needs a token (" + r.statusCode() + "): give its --token "
                                + "through --token-file, " + DeployerToken.ENV + " or --token"));
            }
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (JsonProcessingException e) {
                body = null;
            }
            if (r.statusCode() != expected) {
                String reason = body != null && body.path("error").isTextual() ? body.path("error").textValue() : r.body();
                throw new PlatformException("deployer refused (" + r.statusCode() + "): "
                        + Printable.escape(reason.length() > 500 ? reason.substring(0, 500) + "..." : reason));
            }
            if (body == null) {
                throw new PlatformException("deployer at " + at + " answered " + request.uri().getPath()
                        + " with something other than JSON");
            }
            return body;
        }
    }

    /** Counting a decision's nodes in the deployer's node list, and drawing the bar. */
    static final class Progress {
        private Progress() {
        }

        /** RUNNING and FAILED nodes of {@code decision} in a {@code /api/nodes} answer (a JSON array of nodes). */
        static int[] count(JsonNode nodes, String decision) {
            if (!nodes.isArray()) {
                throw new PlatformException("the deployer's node list is not a JSON array");
            }
            int running = 0;
            int failed = 0;
            for (JsonNode n : nodes) {
                if (decision.equals(n.path("decisionId").textValue())) {
                    String state = n.path("state").asText();
                    running += state.equals("RUNNING") ? 1 : 0;
                    failed += state.equals("FAILED") ? 1 : 0;
                }
            }
            return new int[] {running, failed};
        }

        static String bar(int running, int failed, int total) {
            int width = 30;
            int done = total == 0 ? width : Math.min(width, running * width / total);
            return "[" + "#".repeat(done) + " ".repeat(width - done) + "] " + running + "/" + total + " RUNNING"
                    + (failed > 0 ? ", " + failed + " FAILED" : "");
        }
    }
}
