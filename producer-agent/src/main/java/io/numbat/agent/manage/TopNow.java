package io.numbat.agent.manage;

import io.numbat.schemas.ProcessQueue;
import java.util.List;

/**
 * A node's top processes by one measure, now.
 *
 * @param processes    largest first
 * @param windowMillis the window the reductions were counted over
 */
public record TopNow(List<ProcessQueue> processes, long windowMillis) {
    public TopNow {
        processes = List.copyOf(processes);
    }
}
