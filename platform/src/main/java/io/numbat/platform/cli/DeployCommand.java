package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code numbat deploy}: asks the deployer's REST API for N more nodes of a family, then shows a
 * progress bar of that decision's nodes reaching RUNNING and ends with a summary.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy N more nodes of a family through the deployer's REST API and follow them to RUNNING.")
final class DeployCommand implements Callable<Integer> {
    private static final Pattern DECISION = Pattern.compile("\"decision\"\\s*:\\s*\"([^\"]+)\"");

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

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be >= 1, was " + count);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = deployer.replaceAll("/+$", "");
        String answer = send(http, HttpRequest.newBuilder(URI.create(base + "/api/families/" + family + "/deploy"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"count\": " + count + "}")).build(), 202);
        Matcher m = DECISION.matcher(answer);
        if (!m.find()) {
            throw new PlatformException("deployer answered without a decision id: " + answer);
        }
        String decision = m.group(1);
        PrintWriter out = spec.commandLine().getOut();
        out.println("decision " + decision + ": " + count + " x " + family);
        long deadline = System.nanoTime() + timeout.toNanos();
        int[] states = new int[3];
        while (System.nanoTime() < deadline) {
            String nodes = send(http, HttpRequest.newBuilder(URI.create(base + "/api/nodes?family=" + family)).GET().build(), 200);
            states = Progress.count(nodes, decision);
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

    private static String send(HttpClient http, HttpRequest request, int expected) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new PlatformException("deployer refused (" + r.statusCode() + "): " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new PlatformException("deployer at " + request.uri().getScheme() + "://" + request.uri().getAuthority()
                    + " is unreachable: " + e);
        }
    }

    /** Counting a decision's nodes in the deployer's node list, and drawing the bar. */
    static final class Progress {
        private static final Pattern NODE = Pattern.compile("\\{[^{}]*\\}");

        private Progress() {
        }

        /** RUNNING and FAILED nodes of {@code decision} in a {@code /api/nodes} answer. */
        static int[] count(String json, String decision) {
            int running = 0;
            int failed = 0;
            Matcher m = NODE.matcher(json);
            while (m.find()) {
                String n = m.group();
                if (n.contains("\"decisionId\":\"" + decision + "\"")) {
                    running += n.contains("\"state\":\"RUNNING\"") ? 1 : 0;
                    failed += n.contains("\"state\":\"FAILED\"") ? 1 : 0;
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
