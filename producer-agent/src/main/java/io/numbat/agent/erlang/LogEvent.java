package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One log event of a watched node, as the {@code numbat_log} handler sends it to the agent: {@code {numbat_log, Node,
 * Level, TimeMs, Message, Report | undefined, [{Key, Value}], Dropped}} (texts as UTF-8 binaries). Texts are cut
 * again here ({@link #MAX_CHARS}), whatever the node sent.
 */
record LogEvent(
        String node,
        String level,
        long timestampMillis,
        String message,
        String report,
        Map<String, String> metadata,
        long dropped) {
    /** Message and report are cut at this many characters (the handler cuts at the same length). */
    static final int MAX_CHARS = 2048;
    /** Metadata values are cut at this many characters, and at most this many entries kept. */
    static final int MAX_META_CHARS = 256;

    static final int MAX_META_ENTRIES = 32;

    private static final OtpErlangAtom TAG = new OtpErlangAtom("numbat_log");

    /** The event in a message of the handler; empty for anything else. */
    static Optional<LogEvent> parse(OtpErlangObject o) {
        if (!(o instanceof OtpErlangTuple t) || t.arity() != 8 || !TAG.equals(t.elementAt(0))) {
            return Optional.empty();
        }
        if (!(t.elementAt(1) instanceof OtpErlangAtom node) || !(t.elementAt(6) instanceof OtpErlangList meta)) {
            return Optional.empty();
        }
        OptionalDouble time = Terms.number(t.elementAt(3));
        OptionalDouble dropped = Terms.number(t.elementAt(7));
        Optional<String> level = text(t.elementAt(2), 32);
        Optional<String> message = text(t.elementAt(4), MAX_CHARS);
        if (time.isEmpty() || dropped.isEmpty() || level.isEmpty() || message.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (OtpErlangObject e : meta) {
            if (metadata.size() < MAX_META_ENTRIES && e instanceof OtpErlangTuple kv && kv.arity() == 2) {
                Optional<String> k = text(kv.elementAt(0), MAX_META_CHARS);
                Optional<String> v = text(kv.elementAt(1), MAX_META_CHARS);
                if (k.isPresent() && v.isPresent()) {
                    metadata.put(k.get(), v.get());
                }
            }
        }
        return Optional.of(new LogEvent(
                node.atomValue(),
                level.get(),
                (long) time.getAsDouble(),
                message.get(),
                text(t.elementAt(5), MAX_CHARS).orElse(null),
                Map.copyOf(metadata),
                (long) Math.max(0, dropped.getAsDouble())));
    }

    private static Optional<String> text(OtpErlangObject o, int max) {
        if (o instanceof OtpErlangBinary b) {
            return Optional.of(cut(new String(b.binaryValue(), StandardCharsets.UTF_8), max));
        }
        return Optional.empty();
    }

    /** {@code s} cut at {@code max} characters (never inside a surrogate pair), marked with "..." when cut. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end) + "...";
    }

    /** This event with {@code more} dropped events to report (the agent's own limit's). */
    LogEvent withMoreDropped(long more) {
        return more == 0 ? this : new LogEvent(node, level, timestampMillis, message, report, metadata, dropped + more);
    }

    /** This event as a LOG node event of the watched {@code node} in {@code family}. */
    NodeEvent toNodeEvent(String node, String family) {
        return NodeEvent.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(timestampMillis))
                .setType(NodeEventType.LOG)
                .setLimits(List.of())
                .setLevel(level)
                .setMessage(message)
                .setMetadata(metadata)
                .setReport(report)
                .setDroppedLogs(dropped)
                .build();
    }
}
