package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import io.numbat.agent.manage.ManagedNode;
import io.numbat.agent.manage.NodeCommandException;
import io.numbat.agent.manage.TopNow;
import io.numbat.schemas.ProcessDetail;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.TopKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The operator commands on one real BEAM node: each runs on the node's {@link NodeWatcher} thread, over its
 * connection, through the {@code numbat_manage} module (loaded on first use) or the {@code numbat_top} sampler.
 * The pid reaches the node as text already checked for syntax; the node says whether it knows it.
 */
final class ErlangNodeControl implements ManagedNode {
    static final String MODULE = "numbat_manage";
    /** How long a caller waits for the watcher to run its command: a tick and a few calls. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final NodeWatcher watcher;
    private final ErlangCollector collector;

    ErlangNodeControl(NodeWatcher watcher, ErlangCollector collector) {
        this.watcher = watcher;
        this.collector = collector;
    }

    @Override
    public String node() {
        return collector.node();
    }

    @Override
    public ProcessDetail processInfo(String pid) throws NodeCommandException {
        OtpErlangObject reply = call("info", binary(pid));
        return ManageReplies.processDetail(node(), pid, reply);
    }

    @Override
    public TopNow top(int n, TopKey by) throws NodeCommandException {
        return onWatcher(() -> {
            ErlangRpc rpc = connected();
            TopSampler sampler = collector
                    .sampler()
                    .orElseThrow(() -> new NodeCommandException(
                            node() + ": top processes are not sampled on this node (agent started with "
                                    + "--top-processes 0, or the sampler could not start)"));
            Optional<TopProcesses> top;
            try {
                top = sampler.read(rpc, n, collector.settings().topWait());
            } catch (ErlangRpcException e) {
                collector.commandFailed(e);
                throw new NodeCommandException(e.getMessage());
            }
            TopProcesses t = top.orElseThrow(
                    () -> new NodeCommandException(node() + ": the first top-processes scan has not ended yet"));
            List<TopProcess> list = switch (by) {
                case REDUCTIONS -> t.byReductions();
                case MEMORY -> t.byMemory();
                case QUEUE -> t.byQueue();
            };
            List<ProcessQueue> out =
                    list.stream().limit(n).map(TopProcess::toAvro).toList();
            return new TopNow(out, t.windowMillis());
        });
    }

    @Override
    public String gc(Optional<String> pid, boolean dryRun) throws NodeCommandException {
        OtpErlangObject reply =
                pid.isPresent() ? call("gc", binary(pid.get()), bool(dryRun)) : call("gc_node", bool(dryRun));
        return ManageReplies.gc(node(), pid, reply);
    }

    @Override
    public String kill(String pid, String reason, boolean dryRun) throws NodeCommandException {
        OtpErlangObject reply = call("kill", binary(pid), binary(reason), bool(dryRun));
        return ManageReplies.kill(node(), pid, reply);
    }

    private OtpErlangObject call(String function, OtpErlangObject... args) throws NodeCommandException {
        return onWatcher(() -> {
            ErlangRpc rpc = connected();
            try {
                ErlangModules.ensureLoaded(rpc, MODULE);
                return rpc.call(MODULE, function, args);
            } catch (ErlangRpcException e) {
                collector.commandFailed(e);
                throw new NodeCommandException(e.getMessage());
            }
        });
    }

    private ErlangRpc connected() throws NodeCommandException {
        return collector
                .rpc()
                .orElseThrow(
                        () -> new NodeCommandException(node() + " is not connected (" + collector.lastFailure() + ")"));
    }

    private <T> T onWatcher(Callable<T> task) throws NodeCommandException {
        try {
            return watcher.run(task, WAIT);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NodeCommandException n) {
                throw n;
            }
            throw new NodeCommandException(node() + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new NodeCommandException(node() + ": the agent did not get to the command within " + WAIT.toSeconds()
                    + " s (the node is slow to answer?); it was not carried out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeCommandException(node() + ": interrupted");
        }
    }

    private static OtpErlangBinary binary(String text) {
        return new OtpErlangBinary(text.getBytes(StandardCharsets.UTF_8));
    }

    private static OtpErlangAtom bool(boolean b) {
        return new OtpErlangAtom(b);
    }

    static String text(OtpErlangObject o) {
        return o instanceof OtpErlangBinary b ? new String(b.binaryValue(), StandardCharsets.UTF_8) : String.valueOf(o);
    }

    static boolean isTuple(OtpErlangObject o, String tag, int arity) {
        return o instanceof OtpErlangTuple t
                && t.arity() == arity
                && t.elementAt(0) instanceof OtpErlangAtom a
                && a.atomValue().equals(tag);
    }
}
