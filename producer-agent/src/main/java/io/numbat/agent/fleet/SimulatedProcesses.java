package io.numbat.agent.fleet;

import io.numbat.schemas.ProcessQueue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

/**
 * The processes of one simulated node as its top lists show them: a cast of system and application
 * processes whose reductions follow the node's load, plus the culprit of each process fault
 * ({@code runaway_process}, {@code mailbox_flood}, {@code memory_hog}, {@code message_queue_buildup}),
 * so that the top lists name a culprit the way {@code numbat_top} does on a real node. Deterministic
 * for a seed.
 */
final class SimulatedProcesses {
    /** How many processes each top list holds, as the Erlang collector's default. */
    static final int TOP = 10;
    /** Bytes a queued message adds to its receiver, in the simulation. */
    static final long MESSAGE_BYTES = 200;
    /** A process's memory when it holds next to nothing, as on OTP 25. */
    private static final long BARE_PROCESS_BYTES = 2_688;

    static final String RUNAWAY = "report_builder:run/1";
    static final String FLOODED = "event_relay";
    static final String HOG = "my_cache:init/1";
    static final String BACKLOGGED = "log_forwarder";
    static final String RUNAWAY_PID = "<0.4711.0>";
    static final String FLOODED_PID = "<0.4712.0>";
    static final String HOG_PID = "<0.4713.0>";
    static final String BACKLOGGED_PID = "<0.4714.0>";

    /** One of the cast: its share of the node's reductions and its usual memory. */
    private record Cast(String pid, String name, String currentFunction, double share, long memory) {}

    /** What the faults in progress amount to in this tick. */
    record Culprits(long runawayReductions, long floodedQueue, long floodReductions, long hogBytes, long backlog) {
        static final Culprits NONE = new Culprits(0, 0, 0, 0, 0);
    }

    private final SplittableRandom random;
    private final List<Cast> cast = new ArrayList<>();

    SimulatedProcesses(long seed) {
        this.random = new SplittableRandom(seed);
        add("<0.44.0>", "application_controller", "gen_server:loop/7", 0.002, 26_656);
        add("<0.50.0>", "code_server", "code_server:loop/1", 0.004, 142_736 + random.nextInt(400_000));
        add("<0.42.0>", "logger", "gen_server:loop/7", 0.01, 11_888);
        add("<0.71.0>", "user", "user:server_loop/2", 0.001, 34_416);
        add("<0.49.0>", "kernel_sup", "gen_server:loop/7", 0.0005, 12_368);
        add("<0.10.0>", "erl_prim_loader", "erl_prim_loader:loop/3", 0.0002, 101_344);
        add("<0.120.0>", "ssl_manager", "gen_server:loop/7", 0.02, 60_000 + random.nextInt(40_000));
        add("<0.131.0>", "session_registry", "gen_server:loop/7", 0.05, 200_000 + random.nextInt(2_000_000));
        for (int i = 0; i < 8; i++) {
            add(
                    "<0." + (400 + random.nextInt(60_000)) + ".0>",
                    "cowboy_clear:connection_process/4",
                    "cowboy_http:loop/1",
                    0.02 + random.nextDouble() * 0.04,
                    20_000 + random.nextInt(300_000));
        }
        for (int i = 0; i < 4; i++) {
            add(
                    "<0." + (200 + i) + ".0>",
                    "db_pool_worker:init/1",
                    "gen_server:loop/7",
                    0.01 + random.nextDouble() * 0.03,
                    40_000 + random.nextInt(100_000));
        }
    }

    private void add(String pid, String name, String currentFunction, double share, long memory) {
        cast.add(new Cast(pid, name, currentFunction, share, memory));
    }

    /** This tick's processes: the cast, with reductions out of {@code nodeReductions}, and the culprits. */
    List<ProcessQueue> tick(double nodeReductions, Culprits c) {
        List<ProcessQueue> out = new ArrayList<>(cast.size() + 4);
        for (Cast p : cast) {
            long reductions = Math.max(0, Math.round(p.share() * nodeReductions * (1 + 0.1 * random.nextGaussian())));
            long memory = Math.round(p.memory() * (1 + 0.05 * random.nextDouble()));
            long queue = random.nextInt(10) < 2 ? random.nextInt(4) : 0;
            out.add(new ProcessQueue(p.name(), p.pid(), queue, p.currentFunction(), reductions, memory));
        }
        if (c.runawayReductions() > 0) {
            out.add(new ProcessQueue(
                    RUNAWAY, RUNAWAY_PID, 0L, "report_builder:render/2", c.runawayReductions(), 41_200L));
        }
        if (c.floodedQueue() > 0) {
            out.add(new ProcessQueue(
                    FLOODED,
                    FLOODED_PID,
                    c.floodedQueue(),
                    "event_relay:relay/2",
                    c.floodReductions(),
                    BARE_PROCESS_BYTES + c.floodedQueue() * MESSAGE_BYTES));
        }
        if (c.hogBytes() > 0) {
            out.add(new ProcessQueue(
                    HOG,
                    HOG_PID,
                    0L,
                    "gen_server:loop/7",
                    Math.round(0.01 * nodeReductions),
                    BARE_PROCESS_BYTES + c.hogBytes()));
        }
        if (c.backlog() > 0) {
            out.add(new ProcessQueue(
                    BACKLOGGED,
                    BACKLOGGED_PID,
                    c.backlog(),
                    "gen_tcp:send/2",
                    Math.round(0.005 * nodeReductions),
                    BARE_PROCESS_BYTES + c.backlog() * MESSAGE_BYTES));
        }
        return out;
    }

    /** The fault whose culprit {@code pid} is, if any. */
    static Optional<Fault> faultOf(String pid) {
        return Optional.ofNullable(
                switch (pid) {
                    case RUNAWAY_PID -> Fault.RUNAWAY_PROCESS;
                    case FLOODED_PID -> Fault.MAILBOX_FLOOD;
                    case HOG_PID -> Fault.MEMORY_HOG;
                    case BACKLOGGED_PID -> Fault.MESSAGE_QUEUE_BUILDUP;
                    default -> null;
                });
    }

    /** The {@code n} largest by {@code measure}, largest first, leaving out those at 0 when {@code skipZero}. */
    static List<ProcessQueue> top(
            List<ProcessQueue> processes, ToLongFunction<ProcessQueue> measure, boolean skipZero, int n) {
        return processes.stream()
                .filter(p -> !skipZero || measure.applyAsLong(p) > 0)
                .sorted(Comparator.comparingLong(measure).reversed().thenComparing(ProcessQueue::getPid))
                .limit(n)
                .toList();
    }
}
