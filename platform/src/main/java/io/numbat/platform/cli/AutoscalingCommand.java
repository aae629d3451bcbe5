package io.numbat.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numbat.schemas.util.Printable;
import java.net.http.HttpRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code numbat autoscaling pause|resume --family F --reason TEXT}: the family policy of {@code numbat policy}
 * (PAUSED, or AUTO again) through the deployer's REST API, which writes it to {@code numbat.family-policies} with its
 * audit record on {@code numbat.operator-changes}. A reason is required.
 */
@Command(
        name = "autoscaling",
        mixinStandardHelpOptions = true,
        description = "Pause or resume a family's autoscaling, with a reason, through the deployer's REST API "
                + "(the same family policy as numbat policy --pause / --resume; audited on numbat.operator-changes).",
        subcommands = {AutoscalingCommand.Pause.class, AutoscalingCommand.Resume.class})
final class AutoscalingCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing command: choose one of " + spec.subcommands().keySet());
    }

    /** What pause and resume share. */
    abstract static class Change implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DeployerOptions deployer;

        @Option(names = "--family", paramLabel = "F", required = true, description = "Node family.")
        String family;

        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why (kept in the audit).")
        String reason;

        @Option(
                names = "--user",
                paramLabel = "NAME",
                defaultValue = "${env:USER}",
                description = "Who (default $USER).")
        String user;

        abstract String mode();

        @Override
        public Integer call() throws Exception {
            if (reason.isBlank()) {
                throw new IllegalArgumentException("--reason is empty: say why");
            }
            ObjectNode body = JSON.createObjectNode()
                    .put("mode", mode())
                    .put("reason", reason)
                    .put("user", user == null || user.isBlank() ? "operator" : user);
            DeployerClient api = deployer.client();
            JsonNode answer = api.send(
                    api.request("/api/families/" + DeployerClient.segment(family) + "/policy")
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(body.toString())),
                    202);
            spec.commandLine()
                    .getOut()
                    .println("autoscaling of " + Printable.escape(family) + ": "
                            + ("PAUSED".equals(answer.path("mode").asText()) ? "paused" : "resumed"));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "The scaling policy decides nothing for the family until resumed (operators' requests still "
                    + "go through).")
    static final class Pause extends Change {
        @Override
        String mode() {
            return "PAUSED";
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "The scaling policy scales the family on load and forecasts again.")
    static final class Resume extends Change {
        @Override
        String mode() {
            return "AUTO";
        }
    }
}
