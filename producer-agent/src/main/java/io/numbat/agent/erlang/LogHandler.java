package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;

/**
 * The {@code numbat_log} logger handler on one node: installed at each connect (compiled there from the agent's
 * source, like {@code numbat_top}; the same handler id, so installing again only points it at this agent), removed
 * when the agent stops watching the node. Its events come in to the mailbox {@link #MAILBOX} of the agent's node.
 */
final class LogHandler {
    static final String MODULE = "numbat_log";
    /** The registered name, on the agent's JInterface node, the handler sends to. */
    static final String MAILBOX = "numbat_log";

    private LogHandler() {}

    /**
     * Loads the module and adds (or re-targets) the handler for {@code agentNode}: error and above, at most {@code
     * perSecond} events a second, texts cut at {@link LogEvent#MAX_CHARS}.
     *
     * @throws ErlangRpcException naming the node and why (no logger before OTP 21, no compiler, a refused handler)
     */
    static void install(ErlangRpc rpc, String agentNode, int perSecond) throws ErlangRpcException {
        ErlangModules.ensureLoaded(rpc, MODULE);
        OtpErlangObject reply = rpc.call(
                MODULE,
                "install",
                Terms.atom(agentNode),
                new OtpErlangLong(perSecond),
                new OtpErlangLong(LogEvent.MAX_CHARS));
        if (!Terms.atom("ok").equals(reply)) {
            throw new ErlangRpcException(
                    rpc.node() + ": logger:add_handler refused the numbat_log handler: " + reply, false);
        }
    }

    /** Removes the handler if it still sends to {@code agentNode} (another agent may have installed it since). */
    static void uninstall(ErlangRpc rpc, String agentNode) throws ErlangRpcException {
        rpc.call(MODULE, "uninstall", Terms.atom(agentNode));
    }
}
