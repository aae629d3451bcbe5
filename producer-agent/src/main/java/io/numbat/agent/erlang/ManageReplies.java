package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpErlangTuple;
import io.numbat.agent.manage.NodeCommandException;
import io.numbat.schemas.ProcessDetail;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code numbat_manage}'s replies into what the operator sees: a {@link ProcessDetail}, or one sentence
 * saying what was done or would be done; an {@code {error, Why}} or a reply of another shape becomes a
 * {@link NodeCommandException} naming the node and the pid.
 */
final class ManageReplies {
    private ManageReplies() {}

    /** {@code {ok, {Pid, Name, InitialCall, Current, Status, Stack, Queue, Memory, Heap, TotalHeap, Reds, Links, Monitors, Dict}}}. */
    static ProcessDetail processDetail(String node, String pid, OtpErlangObject reply) throws NodeCommandException {
        failOnError(node, pid, reply);
        if (!(ErlangNodeControl.isTuple(reply, "ok", 2)
                && ((OtpErlangTuple) reply).elementAt(1) instanceof OtpErlangTuple t
                && t.arity() == 14)) {
            throw unexpected(node, reply);
        }
        OtpErlangObject name = t.elementAt(1);
        return ProcessDetail.newBuilder()
                .setPid(pid)
                .setRegisteredName(name instanceof OtpErlangAtom ? null : ErlangNodeControl.text(name))
                .setInitialCall(ErlangNodeControl.text(t.elementAt(2)))
                .setCurrentFunction(ErlangNodeControl.text(t.elementAt(3)))
                .setStatus(ErlangNodeControl.text(t.elementAt(4)))
                .setCurrentStacktrace(texts(node, t.elementAt(5)))
                .setMessageQueueLength(number(node, t.elementAt(6)))
                .setMemory(number(node, t.elementAt(7)))
                .setHeapSize(number(node, t.elementAt(8)))
                .setTotalHeapSize(number(node, t.elementAt(9)))
                .setReductions(number(node, t.elementAt(10)))
                .setLinks(texts(node, t.elementAt(11)))
                .setMonitors(texts(node, t.elementAt(12)))
                .setDictionarySize((int) number(node, t.elementAt(13)))
                .build();
    }

    /** {@code gc/2}'s or {@code gc_node/1}'s reply as a sentence. */
    static String gc(String node, Optional<String> pid, OtpErlangObject reply) throws NodeCommandException {
        failOnError(node, pid.orElse(null), reply);
        if (!(reply instanceof OtpErlangTuple t) || !(t.elementAt(0) instanceof OtpErlangAtom tag)) {
            throw unexpected(node, reply);
        }
        if (pid.isPresent()) {
            String who = pid.get() + " (" + ErlangNodeControl.text(t.elementAt(1)) + ")";
            return switch (tag.atomValue() + "/" + t.arity()) {
                case "done/4" ->
                    "garbage-collected " + who + " on " + node + ": " + bytes(number(node, t.elementAt(2))) + " -> "
                            + bytes(number(node, t.elementAt(3)));
                case "would/3" ->
                    "would garbage-collect " + who + " on " + node + " (now " + bytes(number(node, t.elementAt(2)))
                            + ")";
                default -> throw unexpected(node, reply);
            };
        }
        long count = number(node, t.elementAt(1));
        String before = bytes(number(node, t.elementAt(2)));
        return switch (tag.atomValue() + "/" + t.arity()) {
            case "done/4" ->
                "garbage-collected all " + count + " processes of " + node + ": process memory " + before + " -> "
                        + bytes(number(node, t.elementAt(3)));
            case "started/3" ->
                "started garbage-collecting all " + count + " processes of " + node + " (process memory " + before
                        + "; still running after 1 s, at low priority)";
            case "would/3" ->
                "would garbage-collect all " + count + " processes of " + node + " (process memory " + before + ")";
            default -> throw unexpected(node, reply);
        };
    }

    /** {@code kill/3}'s reply as a sentence. */
    static String kill(String node, String pid, OtpErlangObject reply) throws NodeCommandException {
        failOnError(node, pid, reply);
        if (ErlangNodeControl.isTuple(reply, "done", 2)) {
            return "killed " + pid + " (" + ErlangNodeControl.text(((OtpErlangTuple) reply).elementAt(1)) + ") on "
                    + node + " with exit(Pid, kill)";
        }
        if (ErlangNodeControl.isTuple(reply, "would", 3)) {
            OtpErlangTuple t = (OtpErlangTuple) reply;
            return "would kill " + pid + " (" + ErlangNodeControl.text(t.elementAt(1)) + ", "
                    + bytes(number(node, t.elementAt(2))) + ") on " + node + " with exit(Pid, kill)";
        }
        throw unexpected(node, reply);
    }

    private static void failOnError(String node, String pid, OtpErlangObject reply) throws NodeCommandException {
        if (!ErlangNodeControl.isTuple(reply, "error", 2)) {
            return;
        }
        String why = ErlangNodeControl.text(((OtpErlangTuple) reply).elementAt(1));
        throw new NodeCommandException(
                switch (why) {
                    case "no such process" -> "no process " + pid + " on " + node + " (it may have ended)";
                    case "not a pid" -> pid + " is not a pid " + node + " can have";
                    default -> node + (pid == null ? "" : " " + pid) + ": " + why;
                });
    }

    private static List<String> texts(String node, OtpErlangObject o) throws NodeCommandException {
        if (!(o instanceof OtpErlangList list)) {
            if (o instanceof OtpErlangString) {
                return List.of(); // an empty list arrives as ""
            }
            throw unexpected(node, o);
        }
        List<String> out = new ArrayList<>(list.arity());
        for (OtpErlangObject e : list) {
            out.add(ErlangNodeControl.text(e));
        }
        return out;
    }

    private static long number(String node, OtpErlangObject o) throws NodeCommandException {
        var v = Terms.number(o);
        if (v.isEmpty()) {
            throw unexpected(node, o);
        }
        return (long) v.getAsDouble();
    }

    private static NodeCommandException unexpected(String node, OtpErlangObject reply) {
        String s = String.valueOf(reply);
        return new NodeCommandException(
                node + ": unexpected reply " + (s.length() > 200 ? s.substring(0, 200) + "..." : s));
    }

    /** 2.6 KB, 41.2 MB. */
    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
