package io.numbat.agent.fleet;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The faults the fleet simulator can inject into a node, named as on the command line. */
public enum Fault {
    /** Process memory grows until it reaches the host memory available to the node. */
    MEMORY_LEAK,
    /** Processes are spawned and never exit, until {@code process_limit}. */
    PROCESS_LEAK,
    /** Atoms are created (e.g. {@code list_to_atom/1} on input) until {@code atom_limit}; atoms are never freed. */
    ATOM_LEAK,
    /** ETS tables are created and never deleted, until the ETS table limit. */
    ETS_LEAK,
    /** More runnable work than the schedulers can take: run queue and utilisation climb. */
    RUN_QUEUE_OVERLOAD,
    /** A process's mailbox grows without bound. */
    MESSAGE_QUEUE_BUILDUP,
    /** One process loops without end: it takes a large share of the node's reductions (first by reductions). */
    RUNAWAY_PROCESS,
    /** One process floods its own mailbox: its queue and memory grow by a million messages per time-to-limit. */
    MAILBOX_FLOOD,
    /** One process holds ever more memory, reaching the node's memory limit after time-to-limit. */
    MEMORY_HOG,
    /** The node stops answering and publishes nothing until it recovers (then it restarts). */
    CRASH;

    /** The command-line name, e.g. {@code process_leak}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Fault parse(String wireName) {
        for (Fault f : values()) {
            if (f.wireName().equals(wireName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + wireName + "'; known: "
                + Arrays.stream(values()).map(Fault::wireName).collect(Collectors.joining(", ")));
    }
}
