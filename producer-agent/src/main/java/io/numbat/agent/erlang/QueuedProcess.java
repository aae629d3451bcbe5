package io.numbat.agent.erlang;

/** A process with a non-empty mailbox: its registered name or initial call, its pid, its queue length. */
public record QueuedProcess(String name, String pid, long queueLength) {
}
