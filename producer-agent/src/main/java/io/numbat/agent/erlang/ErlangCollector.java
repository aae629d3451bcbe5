package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpSelf;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Sample;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects one BEAM node over JInterface as a hidden node: {@code erlang:memory/0},
 * {@code system_info} counts and limits, {@code statistics}, scheduler utilisation through the
 * {@code numbat_probe} module and the top processes (by reductions, memory and message queue) through
 * the {@code numbat_top} sampler, both loaded on the node; and the node's error log events through the
 * {@code numbat_log} logger handler ({@link LogHandler}), installed at each connect and removed at {@link #close()}.
 * Used by one thread (the node's {@link NodeWatcher}); when the node stops answering, {@link #collect} returns
 * empty and {@link #lastFailure()} says why.
 */
public final class ErlangCollector implements WatchedNode {
    private static final Logger LOG = LoggerFactory.getLogger(ErlangCollector.class);
    private static final AtomicInteger SELVES = new AtomicInteger();
    /** Holds scheduler_wall_time enabled on the node for the agent. */
    private static final String PROBE = "numbat_probe";
    /** A queue this long is logged (once, until it falls under half of it). */
    static final long LONG_QUEUE = 10_000;

    private final String node;
    private final String family;
    private final Cookie cookie;
    private final ErlangSettings settings;
    private final Set<String> warned = new HashSet<>();
    private OtpSelf self;
    private ErlangRpc rpc;
    private NodeInfo info;
    private boolean probe;
    private int schedulers = Integer.MAX_VALUE;
    private Optional<WallTime> wallTime = Optional.empty();
    private Optional<TopSampler> sampler = Optional.empty();
    private boolean samplerLost;
    private Optional<TopProcesses> top = Optional.empty();
    private List<Sample> limits = List.of();
    private long sequence;
    private long topNanos;
    private boolean longQueueLogged;
    private long errors;
    private String lastFailure = "not connected yet";
    private boolean logHandler;
    private boolean logHandlerWarned;
    private final Deque<LogEvent> logs = new ArrayDeque<>();
    private LogRateLimit logLimit;

    public ErlangCollector(String node, String family, Cookie cookie, ErlangSettings settings) {
        if (!node.contains("@")) {
            throw new IllegalArgumentException("an Erlang node is NAME@HOST, was " + node);
        }
        this.node = node;
        this.family = family;
        this.cookie = cookie;
        this.settings = settings;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String family() {
        return family;
    }

    /** Connects (a hidden node named after this agent), reads versions and limits, loads the probe. */
    @Override
    public NodeInfo connect() throws ErlangRpcException {
        disconnect();
        try {
            if (self == null) {
                String host = node.substring(node.indexOf('@') + 1);
                self = new OtpSelf(
                        "numbat_agent_" + ProcessHandle.current().pid() + "_" + SELVES.incrementAndGet() + "@" + host,
                        cookie.secret());
            }
        } catch (IOException e) {
            throw new ErlangRpcException(node + ": cannot open a local JInterface node: " + e.getMessage(), true);
        }
        try {
            rpc = ErlangRpc.connect(self, node, cookie, settings.connectTimeout());
        } catch (ErlangRpcException e) {
            lastFailure = cookie.redact(e.getMessage());
            throw new ErlangRpcException(lastFailure, true);
        }
        rpc.onMessage(LogHandler.MAILBOX, this::received);
        try {
            String release = text(systemInfo("otp_release"));
            String erts = text(systemInfo("version"));
            schedulers = (int) Terms.number(systemInfo("schedulers")).orElse(Integer.MAX_VALUE);
            probe = settings.schedulerUtilisation() && loadProbe();
            // without the probe because it failed to compile, the sampler would fail too; switched off, try it
            boolean tryTop = settings.topProcesses() > 0 && (probe || !settings.schedulerUtilisation());
            sampler = tryTop ? startSampler() : Optional.empty();
            logHandler = settings.logEventsPerSecond() > 0 && installLogHandler();
            collect(System.currentTimeMillis(), false); // fills limits and the first wall-time sample
            info = new NodeInfo(release, erts, schedulers, limits);
            return info;
        } catch (ErlangRpcException e) {
            lastFailure = cookie.redact(e.getMessage());
            disconnect();
            throw new ErlangRpcException(lastFailure, true);
        }
    }

    private boolean loadProbe() throws ErlangRpcException {
        try {
            ErlangModules.ensureLoaded(rpc, PROBE);
            rpc.call(PROBE, "hold_wall_time", Terms.atom(self.node()));
            return true;
        } catch (ErlangRpcException e) {
            if (e.connectionLost()) {
                throw e;
            }
            errors++;
            LOG.warn(
                    "{}: could not load the numbat_probe module (no compiler on the node?): top processes and "
                            + "scheduler utilisation are not collected: {}",
                    node,
                    cookie.redact(e.getMessage()));
            return false;
        }
    }

    private boolean installLogHandler() throws ErlangRpcException {
        try {
            LogHandler.install(rpc, self.node(), settings.logEventsPerSecond());
            return true;
        } catch (ErlangRpcException e) {
            if (e.connectionLost()) {
                throw e;
            }
            if (!logHandlerWarned) {
                logHandlerWarned = true; // said once per node; the next connects try again quietly
                LOG.warn(
                        "{}: cannot install the numbat_log logger handler (it needs OTP 21 or later and the node's "
                                + "compiler): the node's error log events are not collected, the rest is: {}",
                        node,
                        cookie.redact(e.getMessage()));
            } else {
                LOG.debug("{}: still cannot install the numbat_log logger handler: {}", node, e.getMessage());
            }
            return false;
        }
    }

    /** A message for the agent's {@code numbat_log} mailbox, taken in during a call. */
    private void received(OtpErlangObject message) {
        Optional<LogEvent> event = LogEvent.parse(message);
        if (event.isEmpty()) {
            LOG.debug("{}: not a log event, ignored: {}", node, message);
            return;
        }
        if (logLimit == null) {
            logLimit = new LogRateLimit(Math.max(1, settings.logEventsPerSecond()), System.nanoTime());
        }
        long dropped = logLimit.admit(System.nanoTime());
        if (dropped >= 0) {
            logs.addLast(event.get().withMoreDropped(dropped));
        }
    }

    @Override
    public List<LogEvent> takeLogEvents() {
        if (logs.isEmpty()) {
            return List.of();
        }
        List<LogEvent> out = List.copyOf(logs);
        logs.clear();
        return out;
    }

    /** Whether the {@code numbat_log} handler was installed at the last connect. */
    boolean logHandlerInstalled() {
        return connected() && logHandler;
    }

    private Optional<TopSampler> startSampler() throws ErlangRpcException {
        try {
            return Optional.of(TopSampler.start(rpc, self.node()));
        } catch (ErlangRpcException e) {
            if (e.connectionLost()) {
                throw e;
            }
            errors++;
            LOG.warn(
                    "{}: could not start the numbat_top sampler: top processes are not collected: {}",
                    node,
                    cookie.redact(e.getMessage()));
            return Optional.empty();
        }
    }

    private OtpErlangObject systemInfo(String item) throws ErlangRpcException {
        return rpc.call("erlang", "system_info", Terms.atom(item));
    }

    private static String text(OtpErlangObject o) {
        if (o instanceof OtpErlangString s) {
            return s.stringValue();
        }
        if (o instanceof OtpErlangList l) {
            try {
                return l.stringValue();
            } catch (Exception e) {
                return o.toString();
            }
        }
        return o.toString();
    }

    @Override
    public boolean connected() {
        return rpc != null;
    }

    /** Versions and limits read at the last connect; empty while disconnected. */
    @Override
    public Optional<NodeInfo> info() {
        return connected() ? Optional.ofNullable(info) : Optional.empty();
    }

    /** Why the node is not connected (names the node, never the cookie). */
    @Override
    public String lastFailure() {
        return lastFailure;
    }

    /** The connection, for an operator command on the watcher's thread; empty while disconnected. */
    Optional<ErlangRpc> rpc() {
        return Optional.ofNullable(rpc);
    }

    /**
     * The nodes the node is connected to, visible and hidden ({@code erlang:nodes(connected)}), as NAME@HOST; a
     * failure that loses the connection disconnects, as a failed tick does.
     */
    List<String> connectedNodes() throws ErlangRpcException {
        if (rpc == null) {
            throw new ErlangRpcException(node + ": not connected", true);
        }
        OtpErlangObject reply;
        try {
            reply = rpc.call("erlang", "nodes", Terms.atom("connected"));
        } catch (ErlangRpcException e) {
            handle(e);
            throw e;
        }
        if (!(reply instanceof OtpErlangList list)) {
            throw new ErlangRpcException(node + ": unexpected erlang:nodes(connected) reply " + reply, false);
        }
        List<String> nodes = new ArrayList<>();
        for (OtpErlangObject o : list) {
            if (o instanceof OtpErlangAtom a) {
                nodes.add(a.atomValue());
            }
        }
        return nodes;
    }

    /** The top-processes sampler of this connection, if it runs. */
    Optional<TopSampler> sampler() {
        return sampler;
    }

    /** How long a top-processes call waits for a fresh scan. */
    ErlangSettings settings() {
        return settings;
    }

    /** An operator command's call failed: a lost connection disconnects, as a failed tick does. */
    void commandFailed(ErlangRpcException e) {
        handle(e);
    }

    /** The last tick's top processes (empty without the sampler, and until its first scan completes). */
    public Optional<TopProcesses> topProcesses() {
        return top;
    }

    /** How long the last tick's top-processes call took in the agent (waiting for the scan plus one round trip), in ms. */
    public double lastTopMillis() {
        return topNanos / 1e6;
    }

    /** Values that could not be read so far (each counted once per tick). */
    public long errors() {
        return errors;
    }

    /** The limits from the last tick, keyed by the limited metric's id. */
    @Override
    public List<Sample> limits() {
        return limits;
    }

    /** A cheap round trip ({@code erlang:node/0}); false, and disconnected, if the node did not answer. */
    @Override
    public boolean ping() {
        if (rpc == null) {
            return false;
        }
        try {
            rpc.call("erlang", "node");
            return true;
        } catch (ErlangRpcException e) {
            return handle(e);
        }
    }

    @Override
    public Optional<MetricBatch> collect(long nowMillis) {
        return rpc == null ? Optional.empty() : collect(nowMillis, true);
    }

    private Optional<MetricBatch> collect(long nowMillis, boolean batch) {
        Readings readings;
        try {
            readings = Readings.read(rpc);
            top = Optional.empty();
            if (samplerLost) {
                samplerLost = false;
                sampler = startSampler();
            }
            if (sampler.isPresent()) {
                long start = System.nanoTime();
                top = readTop(sampler.get());
                topNanos = System.nanoTime() - start;
                top.ifPresent(this::logLongQueue);
            }
        } catch (ErlangRpcException e) {
            handle(e);
            return Optional.empty();
        }
        MetricMapping.Mapped m = MetricMapping.map(readings, wallTime, schedulers);
        wallTime = m.wallTime();
        limits = m.limits();
        if (!batch) {
            return Optional.empty();
        }
        List<Sample> samples = new ArrayList<>(m.samples());
        for (String item : m.errors()) {
            if (!settings.schedulerUtilisation() && item.equals("scheduler_wall_time")) {
                continue; // switched off in the configuration: not an error
            }
            errors++;
            if (warned.add(item)) {
                LOG.warn(
                        "{}: {} cannot be read on this node; it is skipped (and counted in collect_errors)",
                        node,
                        item);
            }
        }
        top.ifPresent(t -> samples.add(new Sample(MetricId.MAX_MESSAGE_QUEUE.id(), (double) t.longestQueue())));
        samples.add(new Sample(MetricId.COLLECT_ERRORS.id(), (double) errors));
        MetricBatch.Builder b = MetricBatch.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(nowMillis))
                .setSequence(sequence++)
                .setSamples(samples)
                .setLimits(limits);
        top.ifPresent(t -> b.setQueues(avro(t.byQueue()))
                .setTopReductions(avro(t.byReductions()))
                .setTopMemory(avro(t.byMemory()))
                .setTopWindowMillis(t.windowMillis()));
        return Optional.of(b.build());
    }

    private static List<ProcessQueue> avro(List<TopProcess> processes) {
        return processes.stream().map(TopProcess::toAvro).toList();
    }

    private void logLongQueue(TopProcesses top) {
        if (top.longestQueue() >= LONG_QUEUE && !longQueueLogged) {
            TopProcess p = top.byQueue().get(0);
            LOG.warn("{}: long message queue: {} {} has {} messages", node, p.name(), p.pid(), p.queueLength());
            longQueueLogged = true;
        } else if (top.longestQueue() < LONG_QUEUE / 2) {
            longQueueLogged = false;
        }
    }

    private Optional<TopProcesses> readTop(TopSampler s) throws ErlangRpcException {
        try {
            return s.read(rpc, settings.topProcesses(), settings.topWait());
        } catch (ErlangRpcException e) {
            if (e.connectionLost()) {
                throw e;
            }
            errors++;
            s.stop(rpc); // gone (killed on the node, say) or answering nonsense: the next tick starts another
            samplerLost = true;
            sampler = Optional.empty();
            if (warned.add("top_processes")) {
                LOG.warn("{}: top processes cannot be read: {}", node, cookie.redact(e.getMessage()));
            }
            return Optional.empty();
        }
    }

    private boolean handle(ErlangRpcException e) {
        lastFailure = cookie.redact(e.getMessage());
        if (e.connectionLost()) {
            disconnect();
        }
        return false;
    }

    /** Closes the connection (the probe's wall-time holder and the top sampler on the node exit with it). */
    public void disconnect() {
        if (rpc != null) {
            rpc.close();
            rpc = null;
        }
        wallTime = Optional.empty();
        sampler = Optional.empty();
        samplerLost = false;
        top = Optional.empty();
    }

    /** Removes the log handler from the node (when connected), then disconnects. */
    @Override
    public void close() {
        if (rpc != null && logHandler) {
            try {
                LogHandler.uninstall(rpc, self.node());
            } catch (ErlangRpcException e) {
                // the node is going or gone: a handler left behind removes itself at its next event
                LOG.debug("{}: could not remove the numbat_log handler: {}", node, e.getMessage());
            }
        }
        logHandler = false;
        disconnect();
    }
}
