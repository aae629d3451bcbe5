package io.numbat.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numbat.schemas.util.Printable;
import java.net.http.HttpRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code numbat policy}: pauses the scaling policy for a family, pins the family's size, or hands it
 * back to the policy, through the deployer's REST API (which writes a {@code FamilyPolicy} to
 * {@code numbat.family-policies}, where the stream processor reads it).
 */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description =
                "Pause the scaling policy for a family (--pause), pin the family's size (--pin N) or give it back "
                        + "to the policy (--resume), through the deployer's REST API.")
final class PolicyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    DeployerOptions deployer;

    @Option(names = "--family", paramLabel = "F", required = true, description = "Node family.")
    String family;

    /** Exactly one of the three modes. */
    static final class Mode {
        @Option(names = "--pause", required = true, description = "The policy decides nothing for the family.")
        boolean pause;

        @Option(
                names = "--resume",
                required = true,
                description = "The policy scales the family on load and forecasts again.")
        boolean resume;

        @Option(
                names = "--pin",
                paramLabel = "N",
                required = true,
                description = "The policy only brings the family to N nodes and keeps it there.")
        Integer pin;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why (kept with the change).")
    String reason;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "${env:USER}", description = "Who (default $USER).")
    String user;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = JSON.createObjectNode()
                .put("mode", mode.pause ? "PAUSED" : mode.resume ? "AUTO" : "PINNED")
                .put("reason", reason)
                .put("user", user == null || user.isBlank() ? "operator" : user);
        if (mode.pin != null) {
            if (mode.pin < 0) {
                throw new IllegalArgumentException("--pin must be >= 0, was " + mode.pin);
            }
            body.put("nodes", mode.pin);
        }
        DeployerClient api = deployer.client();
        JsonNode answer = api.send(
                api.request("/api/families/" + DeployerClient.segment(family) + "/policy")
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body.toString())),
                202);
        spec.commandLine()
                .getOut()
                .println("policy of " + Printable.escape(family) + ": "
                        + Printable.escape(answer.path("mode").asText())
                        + (answer.has("nodes") ? " at " + answer.path("nodes").asInt() + " nodes" : ""));
        return 0;
    }
}
