package io.numbat.platform.cli;

import io.numbat.platform.remedy.RemediationLog;
import io.numbat.platform.remedy.RemediationTable;
import io.numbat.platform.remedy.RemediationVerdicts;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.RemediationVerdict;
import io.numbat.schemas.topic.Topics;
import io.numbat.schemas.util.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code numbat remediation list|approve|reject}: the remediations on the compacted {@code numbat.remediations} of a
 * running platform, and an operator's verdict on a proposed one, written to {@code numbat.remediation-commands}
 * (keyed by family) for the stream processor, whose next state of the remediation is awaited and printed.
 */
@Command(
        name = "remediation",
        mixinStandardHelpOptions = true,
        description = "List the remediations (latest state of each, from numbat.remediations), or approve or reject "
                + "a proposed one (mode approve) on a running platform (--bootstrap-servers and --schema-registry).",
        subcommands = {
            RemediationsCommand.ListRemediations.class,
            RemediationsCommand.Approve.class,
            RemediationsCommand.Reject.class
        })
final class RemediationsCommand implements Runnable {
    /** How long reading the topic to its end may take. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing command: choose one of " + spec.subcommands().keySet());
    }

    static RemediationLog.Latest read(CommandClient client) {
        return RemediationLog.read(
                client.connection(),
                Topics.REMEDIATIONS.valueSerde(client.registry()).deserializer(),
                READ_TIMEOUT);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Print each remediation's latest state: id, family, node, playbook, state, forecast "
                    + "exhaustion time, reason (oldest first; --json: one JSON record per line).")
    static final class ListRemediations implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Option(names = "--family", paramLabel = "F", description = "Only this family's.")
        String family;

        @Option(names = "--open", description = "Only those not finished (PROPOSED, APPROVED, EXECUTING).")
        boolean open;

        @Option(names = "--json", description = "One JSON record per line instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CommandClient client = CommandClient.open(cluster, "remediation list")) {
                RemediationLog.Latest latest = read(client);
                List<Remediation> rows = RemediationTable.ordered(latest.byId().values()).stream()
                        .filter(r -> family == null || family.equals(r.getFamily()))
                        .filter(r -> !open || unfinished(r.getState()))
                        .toList();
                if (json) {
                    rows.forEach(r -> out.println(RecordJson.print(r)));
                } else if (rows.isEmpty()) {
                    out.println("no remediations" + (family == null ? "" : " in family " + Printable.escape(family)));
                } else {
                    out.print(RemediationTable.table(rows));
                }
                out.flush();
                if (latest.unreadable() > 0) {
                    spec.commandLine()
                            .getErr()
                            .println("numbat: " + latest.unreadable() + " records on " + Topics.REMEDIATIONS.name()
                                    + " could not be read and were left out");
                }
            }
            return 0;
        }

        private static boolean unfinished(RemediationState s) {
            return s == RemediationState.PROPOSED || s == RemediationState.APPROVED || s == RemediationState.EXECUTING;
        }
    }

    /** What approve and reject share: the id, who and why, how long to wait for the next state. */
    abstract static class Verdict implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Parameters(
                index = "0",
                paramLabel = "ID",
                description = "The remediation's id, as numbat remediation list " + "prints it.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept with the remediation).")
        String reason;

        @Option(
                names = "--user",
                paramLabel = "NAME",
                defaultValue = "${env:USER}",
                description = "Who decides, kept with the remediation (default $USER).")
        String user;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                defaultValue = "30s",
                converter = DurationConverter.class,
                description = "How long to wait for the remediation's next state (default ${DEFAULT-VALUE}).")
        Duration timeout;

        abstract RemediationVerdict verdict();

        @Override
        public Integer call() {
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("--timeout must be positive");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (CommandClient client = CommandClient.open(cluster, "remediation " + spec.name())) {
                Remediation r = RemediationVerdicts.waiting(read(client).byId(), id, verdict());
                CommandClient.Listener<Remediation> states = client.listen(Topics.REMEDIATIONS);
                RemediationCommand c = RemediationVerdicts.command(r, verdict(), user, reason, Instant.now());
                client.send(Topics.REMEDIATION_COMMANDS, r.getFamily(), c);
                out.printf(
                        "%s of %s sent by %s%n", verdict(), Printable.escape(r.getId()), Printable.escape(c.getWho()));
                out.flush();
                Optional<Remediation> next =
                        states.await(r.getId(), x -> x.getState() != RemediationState.PROPOSED, x -> {}, timeout);
                if (next.isEmpty()) {
                    throw new IllegalArgumentException("no new state of remediation " + Printable.escape(r.getId())
                            + " on " + Topics.REMEDIATIONS.name() + " within " + timeout.toSeconds() + " s: is the "
                            + "stream processor running? (a verdict it refuses, e.g. on a proposal that expired "
                            + "meanwhile, is in its log as a warning)");
                }
                out.println(RemediationTable.line(next.get()));
                out.flush();
                return RemediationVerdicts.applied(verdict(), next.get().getState()) ? 0 : 1;
            }
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = "Approve a PROPOSED remediation; print its next state (APPROVED, EXECUTING, or SKIPPED with "
                    + "why). Exit 0 when it was approved, else 1.")
    static final class Approve extends Verdict {
        @Override
        RemediationVerdict verdict() {
            return RemediationVerdict.APPROVE;
        }
    }

    @Command(
            name = "reject",
            mixinStandardHelpOptions = true,
            description = "Reject a PROPOSED remediation; print its next state. Exit 0 when it was rejected, else 1.")
    static final class Reject extends Verdict {
        @Override
        RemediationVerdict verdict() {
            return RemediationVerdict.REJECT;
        }
    }
}
