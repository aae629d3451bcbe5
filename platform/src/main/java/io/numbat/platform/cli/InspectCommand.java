package io.numbat.platform.cli;

import io.numbat.schemas.NodeQuery;
import io.numbat.schemas.NodeQueryKind;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.ProcessDetail;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.TopKey;
import io.numbat.schemas.manage.Pids;
import io.numbat.schemas.topic.Topics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code numbat inspect}: one process's {@code process_info}, or a node's top processes now, asked of the agent that
 * watches the node over {@code numbat.node-queries} and answered on {@code numbat.node-query-results}.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Look inside a node through the agent that watches it (over Kafka: no access to the node "
                + "needed): --pid P for one process's process_info, or --top N [--by reductions|memory|queue] for "
                + "its top processes now. Exit 1 with one line when the node or the pid is unknown or no agent "
                + "answers.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    NodeOptions options;

    /** Exactly one of the two questions. */
    static final class What {
        @Option(names = "--pid", paramLabel = "PID", required = true, description = "A process, e.g. <0.123.0>.")
        String pid;

        @Option(names = "--top", paramLabel = "N", required = true, description = "The top N processes now.")
        Integer top;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @Option(
            names = "--by",
            paramLabel = "reductions|memory|queue",
            defaultValue = "reductions",
            description = "With --top: the measure (default ${DEFAULT-VALUE}).")
    String by;

    @Override
    public Integer call() {
        String node = options.node();
        NodeQuery.Builder q = NodeQuery.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setNode(node)
                .setWho(options.user())
                .setTimestamp(Instant.now())
                .setDeadline(Instant.now().plus(options.timeout()));
        if (what.pid != null) {
            String pid =
                    Pids.normalise(what.pid).orElseThrow(() -> new IllegalArgumentException(Pids.problem(what.pid)));
            q.setKind(NodeQueryKind.PROCESS_INFO).setPid(pid);
        } else {
            if (what.top < 1 || what.top > 1_000) {
                throw new IllegalArgumentException("--top must be 1 to 1000, was " + what.top);
            }
            q.setKind(NodeQueryKind.TOP).setCount(what.top).setBy(key(by));
        }
        NodeQuery query = q.build();
        PrintWriter out = spec.commandLine().getOut();
        try (CommandClient client = CommandClient.open(cluster, "inspect")) {
            CommandClient.Listener<NodeQueryResult> answers = client.listen(Topics.NODE_QUERY_RESULTS);
            client.send(Topics.NODE_QUERIES, node, query);
            Optional<NodeQueryResult> answer =
                    answers.await(query.getRequestId(), r -> true, r -> {}, options.timeout());
            if (answer.isEmpty()) {
                throw new IllegalArgumentException(options.noAnswer("the query", query.getRequestId()));
            }
            NodeQueryResult r = answer.get();
            if (options.json) {
                out.println(RecordJson.print(r));
            } else if (!r.getOk()) {
                spec.commandLine()
                        .getErr()
                        .println("numbat: error: " + r.getError() + " (answered by " + r.getAgent() + ")");
            } else if (r.getProcess() != null) {
                print(out, r, r.getProcess());
            } else {
                print(out, r, r.getTop());
            }
            out.flush();
            return r.getOk() ? 0 : 1;
        }
    }

    private static TopKey key(String by) {
        return switch (by.toLowerCase(Locale.ROOT)) {
            case "reductions" -> TopKey.REDUCTIONS;
            case "memory" -> TopKey.MEMORY;
            case "queue" -> TopKey.QUEUE;
            default -> throw new IllegalArgumentException("--by must be reductions, memory or queue, was '" + by + "'");
        };
    }

    static void print(PrintWriter out, NodeQueryResult r, ProcessDetail p) {
        out.printf("%s on %s (answered by %s)%n", p.getPid(), r.getNode(), r.getAgent());
        row(out, "registered name", p.getRegisteredName() == null ? "-" : p.getRegisteredName());
        row(out, "initial call", p.getInitialCall());
        row(out, "current function", p.getCurrentFunction());
        row(out, "status", p.getStatus());
        row(out, "message queue", Long.toString(p.getMessageQueueLength()));
        row(out, "memory", p.getMemory() + " bytes");
        row(out, "heap size", p.getHeapSize() + " words (total " + p.getTotalHeapSize() + ")");
        row(out, "reductions", Long.toString(p.getReductions()));
        row(out, "links", list(p.getLinks()));
        row(out, "monitors", list(p.getMonitors()));
        row(out, "dictionary", p.getDictionarySize() + " entries");
        List<String> stack = p.getCurrentStacktrace();
        for (int i = 0; i < stack.size(); i++) {
            row(out, i == 0 ? "stacktrace" : "", stack.get(i));
        }
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("  %-17s %s%n", name, value);
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "-" : String.join(" ", items);
    }

    static void print(PrintWriter out, NodeQueryResult r, List<ProcessQueue> top) {
        out.printf(
                "%s: top %d by %s (answered by %s; reductions over the last %d ms)%n",
                r.getNode(), top.size(), r.getBy(), r.getAgent(), r.getTopWindowMillis());
        out.printf("%-14s %-36s %-30s %12s %12s %9s%n", "PID", "NAME", "CURRENT", "REDUCTIONS", "MEMORY", "QUEUE");
        for (ProcessQueue p : top) {
            out.printf(
                    "%-14s %-36s %-30s %12d %12d %9d%n",
                    p.getPid(),
                    p.getProcess(),
                    p.getCurrentFunction(),
                    p.getReductions(),
                    p.getMemory(),
                    p.getLength());
        }
    }
}
