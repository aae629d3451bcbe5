package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One scan of {@code numbat_top} on a node: the top N processes by reductions during the window, by
 * memory and by message queue length, and what the scan cost the node.
 *
 * @param byReductions  most first; only processes that ran, empty on the first scan (no window yet)
 * @param byMemory      most first
 * @param byQueue       longest first; only non-empty mailboxes
 * @param windowMillis  from the previous scan to this one (0 on the first scan)
 * @param scanMicros    the scan's wall time on the node
 * @param scanReductions what the scan cost the sampler, in reductions
 * @param processes     processes scanned
 * @param memoryReads   processes whose memory was read again (the others had not run since the last read)
 * @param ageMillis     0 when the scan ended during this call; else how old the last completed scan is
 */
public record TopProcesses(
        List<TopProcess> byReductions,
        List<TopProcess> byMemory,
        List<TopProcess> byQueue,
        long windowMillis,
        long scanMicros,
        long scanReductions,
        long processes,
        long memoryReads,
        long ageMillis) {
    public TopProcesses {
        byReductions = List.copyOf(byReductions);
        byMemory = List.copyOf(byMemory);
        byQueue = List.copyOf(byQueue);
    }

    /** The longest message queue, 0 when every mailbox is empty. */
    public long longestQueue() {
        return byQueue.isEmpty() ? 0 : byQueue.get(0).queueLength();
    }

    /** True when the scan ended during the call that returned it. */
    public boolean fresh() {
        return ageMillis == 0;
    }

    /**
     * Parses {@code numbat_top:top/4}'s reply: {@code {fresh, Result}} or {@code {stale, AgeMs, Result}}; empty for
     * {@code none} (no scan completed yet) and for anything else.
     */
    static Optional<TopProcesses> parse(OtpErlangObject reply) {
        if (!(reply instanceof OtpErlangTuple t) || !(t.elementAt(0) instanceof OtpErlangAtom tag)) {
            return Optional.empty();
        }
        if (tag.atomValue().equals("fresh") && t.arity() == 2) {
            return result(t.elementAt(1), 0);
        }
        if (tag.atomValue().equals("stale") && t.arity() == 3) {
            OptionalDouble age = Terms.number(t.elementAt(1));
            return age.isEmpty() ? Optional.empty() : result(t.elementAt(2), Math.max(1, (long) age.getAsDouble()));
        }
        return Optional.empty();
    }

    /** {@code {WindowMs, ScanUs, ScanReductions, Processes, MemoryReads, ByReductions, ByMemory, ByQueue}}. */
    private static Optional<TopProcesses> result(OtpErlangObject o, long ageMillis) {
        if (!(o instanceof OtpErlangTuple r) || r.arity() != 8) {
            return Optional.empty();
        }
        long[] figures = new long[5];
        for (int i = 0; i < figures.length; i++) {
            OptionalDouble v = Terms.number(r.elementAt(i));
            if (v.isEmpty()) {
                return Optional.empty();
            }
            figures[i] = (long) v.getAsDouble();
        }
        Optional<List<TopProcess>> reds = entries(r.elementAt(5));
        Optional<List<TopProcess>> memory = entries(r.elementAt(6));
        Optional<List<TopProcess>> queue = entries(r.elementAt(7));
        if (reds.isEmpty() || memory.isEmpty() || queue.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TopProcesses(
                reds.get(),
                memory.get(),
                queue.get(),
                figures[0],
                figures[1],
                figures[2],
                figures[3],
                figures[4],
                ageMillis));
    }

    /** {@code [{PidText, Name, CurrentFunction, Reductions, Memory, Queue}]}. */
    private static Optional<List<TopProcess>> entries(OtpErlangObject o) {
        if (!(o instanceof OtpErlangList list)) {
            return Optional.empty();
        }
        List<TopProcess> out = new ArrayList<>(list.arity());
        for (OtpErlangObject e : list) {
            if (!(e instanceof OtpErlangTuple t) || t.arity() != 6) {
                return Optional.empty();
            }
            Optional<String> pid = text(t.elementAt(0));
            Optional<String> name = text(t.elementAt(1));
            Optional<String> current = text(t.elementAt(2));
            OptionalDouble reds = Terms.number(t.elementAt(3));
            OptionalDouble memory = Terms.number(t.elementAt(4));
            OptionalDouble queue = Terms.number(t.elementAt(5));
            if (pid.isEmpty()
                    || name.isEmpty()
                    || current.isEmpty()
                    || reds.isEmpty()
                    || memory.isEmpty()
                    || queue.isEmpty()) {
                return Optional.empty();
            }
            out.add(new TopProcess(
                    pid.get(), name.get(), current.get(), (long) reds.getAsDouble(), (long) memory.getAsDouble(), (long)
                            queue.getAsDouble()));
        }
        return Optional.of(out);
    }

    private static Optional<String> text(OtpErlangObject o) {
        return o instanceof OtpErlangBinary b
                ? Optional.of(new String(b.binaryValue(), StandardCharsets.UTF_8))
                : Optional.empty();
    }
}
