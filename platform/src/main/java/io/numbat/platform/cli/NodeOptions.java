package io.numbat.platform.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** What {@code numbat inspect} and {@code numbat action} share: the node, who asks, how long to wait, the format. */
final class NodeOptions {
    @Option(names = "--node", paramLabel = "NAME@HOST", required = true, description = "The node, as in numbat top.")
    String node;

    @Option(
            names = "--user",
            paramLabel = "NAME",
            defaultValue = "${env:USER}",
            description = "Who asks, kept with the request (default $USER).")
    String user;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long to wait for the agent's answer (default ${DEFAULT-VALUE}); an agent reading the "
                    + "request later does not carry it out.")
    Duration timeout;

    @Option(names = "--json", description = "Print the answer as JSON (the result record).")
    boolean json;

    /** The node, checked ({@code NAME@HOST}). */
    String node() {
        if (node == null || !node.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("--node must be NAME@HOST, was '" + node + "'");
        }
        return node;
    }

    String user() {
        return user == null || user.isBlank() ? "operator" : user;
    }

    Duration timeout() {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        return timeout;
    }

    /** The one line when no agent answered. */
    String noAnswer(String what, String requestId) {
        return "no agent answered " + what + " for node " + node + " within " + seconds(timeout)
                + ": no running agent watches " + node + " (is the name right? numbat top lists the nodes), or its "
                + "agent is away (request " + requestId + ")";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
