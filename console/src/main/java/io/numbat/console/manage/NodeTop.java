package io.numbat.console.manage;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.TopKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tick's top processes of a node, like etop's table: the batch's three top lists (by reductions during the
 * tick, by memory, by message queue) merged into one row per process, each row with all three measures.
 *
 * @param timestamp the batch's time (epoch ms)
 * @param windowMillis what the reductions were counted over
 */
public record NodeTop(long timestamp, long windowMillis, List<ProcessQueue> processes) {
    /** The batch's top lists merged by pid (a process in several lists once, with its largest measures). */
    public static NodeTop of(MetricBatch b) {
        Map<String, ProcessQueue> byPid = new LinkedHashMap<>();
        for (List<ProcessQueue> list : List.of(b.getTopReductions(), b.getTopMemory(), b.getQueues())) {
            for (ProcessQueue p : list) {
                byPid.merge(p.getPid(), p, NodeTop::larger);
            }
        }
        return new NodeTop(b.getTimestamp().toEpochMilli(), b.getTopWindowMillis(), List.copyOf(byPid.values()));
    }

    private static ProcessQueue larger(ProcessQueue a, ProcessQueue b) {
        return ProcessQueue.newBuilder(a)
                .setLength(Math.max(a.getLength(), b.getLength()))
                .setReductions(Math.max(a.getReductions(), b.getReductions()))
                .setMemory(Math.max(a.getMemory(), b.getMemory()))
                .setCurrentFunction(a.getCurrentFunction().isEmpty() ? b.getCurrentFunction() : a.getCurrentFunction())
                .build();
    }

    /** The rows, largest {@code by} first (ties by pid). */
    public List<ProcessQueue> sorted(TopKey by) {
        Comparator<ProcessQueue> c = switch (by) {
            case REDUCTIONS -> Comparator.comparingLong(ProcessQueue::getReductions);
            case MEMORY -> Comparator.comparingLong(ProcessQueue::getMemory);
            case QUEUE -> Comparator.comparingLong(ProcessQueue::getLength);
        };
        List<ProcessQueue> out = new ArrayList<>(processes);
        out.sort(c.reversed().thenComparing(ProcessQueue::getPid));
        return out;
    }
}
