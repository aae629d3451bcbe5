package io.numbat.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.platform.PlatformException;
import io.numbat.schemas.util.Printable;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code numbat deploy}: asks the deployer's REST API for N more nodes of a family, then shows a
 * progress bar of that decision's nodes reaching RUNNING and ends with a summary. With a token
 * ({@link DeployerToken}) every request carries {@code Authorization: Bearer}.
 */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = "Deploy N more nodes of a family through the deployer's REST API and follow them to RUNNING.")
final class DeployCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    DeployerOptions deployer;

    @Option(names = "--family", paramLabel = "F", required = true, description = "Node family.")
    String family;

    @Option(names = "--count", paramLabel = "N", required = true, description = "How many more nodes.")
    int count;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "How long to follow the nodes (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be >= 1, was " + count);
        }
        DeployerClient api = deployer.client();
        String encodedFamily = DeployerClient.segment(family);
        JsonNode answer = api.send(
                api.request("/api/families/" + encodedFamily + "/deploy")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.createObjectNode().put("count", count).toString())),
                202);
        String decision = answer.path("decision").textValue();
        if (decision == null) {
            throw new PlatformException(
                    "deployer answered without a decision id: " + Printable.escape(answer.toString()));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("decision " + Printable.escape(decision) + ": " + count + " x " + Printable.escape(family));
        long deadline = System.nanoTime() + timeout.toNanos();
        int[] states = new int[2];
        while (System.nanoTime() < deadline) {
            states = Progress.count(
                    api.send(api.request("/api/nodes?family=" + encodedFamily).GET(), 200), decision);
            out.print("\r" + Progress.bar(states[0], states[1], count));
            out.flush();
            if (states[0] + states[1] >= count) {
                break;
            }
            Thread.sleep(500);
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "%d of %d RUNNING, %d FAILED, %d still starting%n",
                states[0],
                count,
                states[1],
                Math.max(0, count - states[0] - states[1]));
        return states[0] == count ? 0 : 1;
    }

    /** Counting a decision's nodes in the deployer's node list, and drawing the bar. */
    static final class Progress {
        private Progress() {}

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
