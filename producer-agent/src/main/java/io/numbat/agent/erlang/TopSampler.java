package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent's handle on its {@code numbat_top} sampler on one node: a low-priority process, started once per
 * connection, that keeps each process's last reductions and memory between scans and exits when the agent's
 * node goes away. Each tick asks it for the top N; when the scan does not end within {@code wait} the last
 * completed one is returned, so a very large node is sampled asynchronously instead of holding up the tick.
 */
final class TopSampler {
    static final String MODULE = "numbat_top";

    private final OtpErlangObject sampler;
    private final OtpErlangObject table;

    private TopSampler(OtpErlangObject sampler, OtpErlangObject table) {
        this.sampler = sampler;
        this.table = table;
    }

    /** Loads {@code numbat_top} if needed and starts a sampler owned by {@code agentNode}. */
    static TopSampler start(ErlangRpc rpc, String agentNode) throws ErlangRpcException {
        ErlangModules.ensureLoaded(rpc, MODULE);
        OtpErlangObject reply = rpc.call(MODULE, "start", Terms.atom(agentNode));
        if (reply instanceof OtpErlangTuple t
                && t.arity() == 3
                && Terms.atom("ok").equals(t.elementAt(0))) {
            return new TopSampler(t.elementAt(1), t.elementAt(2));
        }
        throw new ErlangRpcException(rpc.node() + ": cannot start the top-processes sampler: " + reply, false);
    }

    /**
     * The top {@code n} of each measure; empty before the first scan completes. A sampler that has gone (killed
     * on the node) is reported as an exception, so the caller can start a new one.
     */
    Optional<TopProcesses> read(ErlangRpc rpc, int n, Duration wait) throws ErlangRpcException {
        OtpErlangObject reply =
                rpc.call(MODULE, "top", sampler, table, new OtpErlangLong(n), new OtpErlangLong(wait.toMillis()));
        if (Terms.atom("none").equals(reply)) {
            return Optional.empty();
        }
        Optional<TopProcesses> top = TopProcesses.parse(reply);
        if (top.isEmpty()) {
            throw new ErlangRpcException(rpc.node() + ": unexpected top-processes reply " + abbreviate(reply), false);
        }
        return top;
    }

    /** Ends the sampler (best effort: one that is already gone is fine), so a replacement never runs beside it. */
    void stop(ErlangRpc rpc) throws ErlangRpcException {
        try {
            rpc.call("erlang", "exit", sampler, Terms.atom("kill"));
        } catch (ErlangRpcException e) {
            if (e.connectionLost()) {
                throw e;
            }
        }
    }

    private static String abbreviate(OtpErlangObject o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
