package io.numbat.agent.fleet;

import io.numbat.agent.manage.ManagedNode;
import io.numbat.agent.manage.NodeCommandException;
import io.numbat.agent.manage.TopNow;
import io.numbat.schemas.ProcessDetail;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.TopKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The operator commands on one simulated node, answered from its last tick's processes, so the loop (top,
 * inspect, act) runs without Erlang: killing the culprit of a process fault ({@code runaway_process},
 * {@code mailbox_flood}, {@code memory_hog}, {@code message_queue_buildup}) ends that fault.
 */
final class FleetNodeControl implements ManagedNode {
    /** As on a real node, these are not killed from Numbat. */
    private static final Set<String> PROTECTED =
            Set.of("application_controller", "code_server", "kernel_sup", "erl_prim_loader", "logger", "user");

    private final SimulatedFleet fleet;
    private final String node;

    FleetNodeControl(SimulatedFleet fleet, String node) {
        this.fleet = fleet;
        this.node = node;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public ProcessDetail processInfo(String pid) throws NodeCommandException {
        return fleet.onNode(node, n -> {
            ProcessQueue p = find(n, pid);
            boolean named = !p.getProcess().contains(":");
            return ProcessDetail.newBuilder()
                    .setPid(pid)
                    .setRegisteredName(named ? p.getProcess() : null)
                    .setInitialCall(named ? "gen_server:init_it/6" : p.getProcess())
                    .setCurrentFunction(p.getCurrentFunction())
                    .setStatus(p.getPid().equals(SimulatedProcesses.RUNAWAY_PID) ? "running" : "waiting")
                    .setCurrentStacktrace(List.of(p.getCurrentFunction()))
                    .setMessageQueueLength(p.getLength())
                    .setMemory(p.getMemory())
                    .setHeapSize(p.getMemory() / 8 / 2)
                    .setTotalHeapSize(p.getMemory() / 8)
                    .setReductions(p.getReductions())
                    .setLinks(List.of())
                    .setMonitors(List.of())
                    .setDictionarySize(0)
                    .build();
        });
    }

    @Override
    public TopNow top(int count, TopKey by) throws NodeCommandException {
        return fleet.onNode(node, n -> {
            ToLongFunction<ProcessQueue> measure = switch (by) {
                case REDUCTIONS -> ProcessQueue::getReductions;
                case MEMORY -> ProcessQueue::getMemory;
                case QUEUE -> ProcessQueue::getLength;
            };
            return new TopNow(
                    SimulatedProcesses.top(n.processes(), measure, by != TopKey.MEMORY, count), fleet.intervalMillis());
        });
    }

    @Override
    public String gc(Optional<String> pid, boolean dryRun) throws NodeCommandException {
        return fleet.onNode(node, n -> {
            if (pid.isEmpty()) {
                int count = n.processes().size();
                return (dryRun ? "would garbage-collect all " : "garbage-collected all ") + count + " processes of "
                        + node + " (simulated: memory unchanged)";
            }
            ProcessQueue p = find(n, pid.get());
            return (dryRun ? "would garbage-collect " : "garbage-collected ") + pid.get() + " (" + p.getProcess()
                    + ") on " + node + " (simulated: memory unchanged)";
        });
    }

    @Override
    public String kill(String pid, String reason, boolean dryRun) throws NodeCommandException {
        return fleet.onNode(node, n -> {
            ProcessQueue p = find(n, pid);
            if (PROTECTED.contains(p.getProcess())) {
                throw new NodeCommandException(node + " " + pid + ": " + p.getProcess()
                        + " is a system process (the node or its agent needs it): not killed");
            }
            if (dryRun) {
                return "would kill " + pid + " (" + p.getProcess() + ") on " + node + " with exit(Pid, kill)";
            }
            Optional<Fault> ended = n.killProcess(pid);
            return "killed " + pid + " (" + p.getProcess() + ") on " + node + " with exit(Pid, kill)"
                    + ended.map(f -> "; the simulated " + f.wireName() + " fault has ended")
                            .orElse(" (simulated: its supervisor restarts it)");
        });
    }

    private ProcessQueue find(SimulatedNode n, String pid) throws NodeCommandException {
        return n.processes().stream()
                .filter(p -> p.getPid().equals(pid))
                .findFirst()
                .orElseThrow(() -> new NodeCommandException("no process " + pid + " on " + node
                        + " (it may have ended; simulated nodes know the processes of their last tick)"));
    }
}
