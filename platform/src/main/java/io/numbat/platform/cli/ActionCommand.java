package io.numbat.platform.cli;

import io.numbat.schemas.ActionKind;
import io.numbat.schemas.ActionResult;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.manage.ActionSignature;
import io.numbat.schemas.manage.Pids;
import io.numbat.schemas.topic.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code numbat action gc|kill}: an operator's action, signed with the operator token and written to
 * {@code numbat.actions} (the audit record), carried out at most once by the agent that watches the node, which
 * answers on {@code numbat.action-results}.
 */
@Command(
        name = "action",
        mixinStandardHelpOptions = true,
        description = "Garbage-collect a process or the whole node (gc), or kill a process (kill: exit(Pid, kill)), "
                + "through the agent that watches the node; audited on numbat.actions and numbat.action-results. "
                + "Signed with the operator token (--token-file or env " + OperatorToken.ENV + "), which never "
                + "goes on a topic. Exit 0 when done (or, with --dry-run, when it would be done), else 1.")
final class ActionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    NodeOptions options;

    @Parameters(index = "0", paramLabel = "gc|kill", description = "The action.")
    String action;

    @Option(names = "--pid", paramLabel = "PID", description = "The process, e.g. <0.123.0> (gc without it: the node).")
    String pid;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why (kept with the audit record).")
    String reason;

    @Option(names = "--dry-run", description = "The agent says what it would do and does nothing.")
    boolean dryRun;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File whose first line is the operator token (default: env " + OperatorToken.ENV + ").")
    Path tokenFile;

    @Override
    public Integer call() {
        ActionKind kind = switch (action.toLowerCase(Locale.ROOT)) {
            case "gc" -> ActionKind.GC;
            case "kill" -> ActionKind.KILL;
            default -> throw new IllegalArgumentException("the action is gc or kill, was '" + action + "'");
        };
        String node = options.node();
        Optional<String> process = Optional.ofNullable(pid)
                .map(p -> Pids.normalise(p).orElseThrow(() -> new IllegalArgumentException(Pids.problem(p))));
        if (kind == ActionKind.KILL && process.isEmpty()) {
            throw new IllegalArgumentException("kill needs --pid (the whole node is never killed from Numbat)");
        }
        if (reason.isBlank()) {
            throw new IllegalArgumentException("--reason is empty: say why");
        }
        byte[] token = OperatorToken.find(tokenFile, "--token-file", System::getenv)
                .orElseThrow(() -> new IllegalArgumentException("an action needs the operator token: --token-file "
                        + "FILE or env " + OperatorToken.ENV + " (the agents check it)"));
        Instant now = Instant.now();
        OperatorAction request = ActionSignature.signed(
                OperatorAction.newBuilder()
                        .setRequestId(UUID.randomUUID().toString())
                        .setWho(options.user())
                        .setTimestamp(now)
                        .setNode(node)
                        .setPid(process.orElse(null))
                        .setAction(kind)
                        .setReason(reason)
                        .setDryRun(dryRun)
                        .setDeadline(now.plus(options.timeout()))
                        .build(),
                token);
        PrintWriter out = spec.commandLine().getOut();
        try (CommandClient client = CommandClient.open(cluster, "action")) {
            CommandClient.Listener<ActionResult> results = client.listen(Topics.ACTION_RESULTS);
            client.send(Topics.ACTIONS, node, request);
            if (!options.json) {
                out.printf(
                        "request %s: %s%s on %s by %s%n",
                        request.getRequestId(),
                        action.toLowerCase(Locale.ROOT),
                        process.map(p -> " " + p).orElse(""),
                        node,
                        request.getWho());
                out.flush();
            }
            AtomicReference<ActionResult> seen = new AtomicReference<>();
            Optional<ActionResult> last = results.await(
                    request.getRequestId(),
                    r -> r.getStatus() != ActionStatus.EXECUTING,
                    r -> {
                        seen.set(r);
                        if (!options.json) {
                            out.printf("%s: %s (%s)%n", r.getStatus(), r.getMessage(), r.getAgent());
                            out.flush();
                        }
                    },
                    options.timeout());
            if (last.isEmpty() && seen.get() != null) {
                throw new IllegalArgumentException(seen.get().getAgent() + " started the action on " + node
                        + " but its end did not arrive within "
                        + options.timeout().toSeconds() + " s; see "
                        + Topics.ACTION_RESULTS.name() + " for request " + request.getRequestId());
            }
            if (last.isEmpty()) {
                throw new IllegalArgumentException(options.noAnswer("the action", request.getRequestId()));
            }
            if (options.json) {
                out.println(RecordJson.print(last.get()));
                out.flush();
            }
            ActionStatus s = last.get().getStatus();
            return s == ActionStatus.DONE || s == ActionStatus.WOULD_DO ? 0 : 1;
        }
    }
}
