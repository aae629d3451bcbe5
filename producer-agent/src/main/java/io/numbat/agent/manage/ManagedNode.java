package io.numbat.agent.manage;

import io.numbat.schemas.ProcessDetail;
import io.numbat.schemas.TopKey;
import java.util.Optional;

/**
 * One node an agent watches, as the operator commands see it: look inside it and act on it. Implemented over
 * JInterface for real BEAM nodes and by the simulated fleet. Pids arrive already checked ({@code <0.N.S>}).
 * Every failure is a {@link NodeCommandException} whose message an operator can read as it is.
 */
public interface ManagedNode {
    String node();

    /** {@code process_info} of one process. */
    ProcessDetail processInfo(String pid) throws NodeCommandException;

    /** The top {@code n} processes by {@code by}, now. */
    TopNow top(int n, TopKey by) throws NodeCommandException;

    /** Garbage-collects one process, or the whole node when {@code pid} is empty; says what it did (or would do). */
    String gc(Optional<String> pid, boolean dryRun) throws NodeCommandException;

    /** {@code exit(Pid, kill)}, with the operator's reason logged on the node; says what it did (or would do). */
    String kill(String pid, String reason, boolean dryRun) throws NodeCommandException;
}
