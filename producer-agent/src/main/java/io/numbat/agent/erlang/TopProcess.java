package io.numbat.agent.erlang;

import io.numbat.schemas.ProcessQueue;

/**
 * One process in a node's top lists, with all three measures, like a row of etop.
 *
 * @param pid             as the node prints it, {@code <0.123.0>}
 * @param name            registered name, or the initial call ({@code proc_lib}'s real one for OTP behaviours)
 * @param currentFunction {@code module:function/arity} it was executing at the scan, empty when not known
 * @param reductions      reductions since the previous scan (the process's total when it is newer than that scan)
 * @param memory          bytes, as {@code process_info(Pid, memory)}
 * @param queueLength     messages in its mailbox
 */
public record TopProcess(
        String pid, String name, String currentFunction, long reductions, long memory, long queueLength) {
    /** The Avro record, as {@code MetricBatch}'s top lists carry it. */
    public ProcessQueue toAvro() {
        return new ProcessQueue(name, pid, queueLength, currentFunction, reductions, memory);
    }
}
