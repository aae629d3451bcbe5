package io.numbat.agent.erlang;

import io.numbat.agent.fleet.BatchSink;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one watched node, on its own thread: connect (UP with versions and limits), collect
 * every tick (a MetricBatch and a HEARTBEAT), check liveness between ticks, and on a failed call,
 * a lost connection or a refused handshake publish DOWN with the reason and reconnect with
 * exponential backoff. A silent node is DOWN within liveness + RPC timeout (3 s by default). The node's error log
 * events, which come in with any call, are published as LOG events after each call. Operator commands
 * ({@link #run(Callable, Duration)}) run on the same thread between ticks, since a node's connection serves one caller at a time.
 */
public final class NodeWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeWatcher.class);

    private enum State {
        NEW,
        UP,
        DOWN
    }

    private final WatchedNode collector;
    private final ErlangSettings settings;
    private final BatchSink batches;
    private final NodeEventSink events;
    private final Thread thread;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    /** A node that stays down with the same reason is logged again at most this often. */
    private static final long STILL_DOWN_EVERY_MS = 300_000;

    private volatile boolean running = true;
    private String lastReason = "";
    private long lastStillDownMillis;
    private volatile State state = State.NEW;
    /** When the node was last seen to go down, or when watching began while it never came up; 0 while UP. */
    private volatile long downSinceMillis = System.currentTimeMillis();

    public NodeWatcher(ErlangCollector collector, ErlangSettings settings, BatchSink batches, NodeEventSink events) {
        this((WatchedNode) collector, settings, batches, events);
    }

    NodeWatcher(WatchedNode collector, ErlangSettings settings, BatchSink batches, NodeEventSink events) {
        this.collector = collector;
        this.settings = settings;
        this.batches = batches;
        this.events = events;
        this.thread = new Thread(this::run, "numbat-erlang-" + collector.node());
        this.thread.setDaemon(true);
    }

    public NodeWatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                loop();
            } catch (RuntimeException e) {
                // never let a surprise from a node end the watching: say it, disconnect, start over after a pause
                LOG.warn("{}: unexpected failure, reconnecting: {}", collector.node(), e.toString());
                collector.close();
                down(e.toString());
                pause(settings.maxBackoff().toMillis());
            }
        }
    }

    private void loop() {
        Backoff backoff = new Backoff(settings.maxBackoff());
        long interval = settings.interval().toMillis();
        long liveness = settings.liveness().toMillis();
        long nextTick = 0;
        long nextPing = 0;
        while (running) {
            if (!collector.connected()) {
                try {
                    NodeInfo info = collector.connect();
                    backoff.reset();
                    state = State.UP;
                    downSinceMillis = 0;
                    LOG.info(
                            "{}: up (OTP {}, ERTS {}, {} schedulers)",
                            collector.node(),
                            info.otpRelease(),
                            info.ertsVersion(),
                            info.schedulers());
                    events.publish(event(NodeEventType.UP, null));
                    publishLogs();
                    nextTick = System.currentTimeMillis();
                } catch (ErlangRpcException e) {
                    down(e.getMessage());
                    pause(backoff.nextMillis());
                }
                continue;
            }
            long now = System.currentTimeMillis();
            if (now >= nextTick) {
                long start = System.nanoTime();
                Optional<MetricBatch> batch = collector.collect(now);
                publishLogs();
                if (batch.isEmpty()) {
                    down(collector.lastFailure());
                    pause(backoff.nextMillis());
                    continue;
                }
                batches.collected(collector.node(), System.nanoTime() - start);
                batches.publish(batch.get());
                events.publish(event(NodeEventType.HEARTBEAT, null));
                nextTick = Math.max(nextTick + interval, now + 1);
                nextPing = System.currentTimeMillis() + liveness;
            } else if (now >= nextPing) {
                boolean answered = collector.ping();
                publishLogs();
                if (!answered) {
                    down(collector.lastFailure());
                    pause(backoff.nextMillis());
                    continue;
                }
                nextPing = now + liveness;
            }
            pause(Math.min(nextTick, nextPing) - System.currentTimeMillis());
        }
    }

    /** The node's log events that came in with the last calls, as LOG node events (not a change of state). */
    private void publishLogs() {
        for (LogEvent e : collector.takeLogEvents()) {
            events.publish(e.toNodeEvent(collector.node(), collector.family()));
        }
    }

    private void down(String reason) {
        if (!running) {
            return;
        }
        if (state != State.DOWN) {
            LOG.warn("{}: down: {}; reconnecting with backoff", collector.node(), reason);
            events.publish(event(NodeEventType.DOWN, reason));
            if (state == State.UP) {
                downSinceMillis = System.currentTimeMillis();
            }
        } else if (!String.valueOf(reason).equals(lastReason)
                || System.currentTimeMillis() - lastStillDownMillis >= STILL_DOWN_EVERY_MS) {
            // rate-limited: a new reason at once, the same one at most every 5 minutes
            LOG.info("{}: still down: {}", collector.node(), reason);
            lastStillDownMillis = System.currentTimeMillis();
        }
        if (state != State.DOWN || !String.valueOf(reason).equals(lastReason)) {
            lastReason = String.valueOf(reason);
            lastStillDownMillis = System.currentTimeMillis();
        }
        state = State.DOWN;
    }

    private NodeEvent event(NodeEventType type, String reason) {
        Optional<NodeInfo> info = collector.info();
        return NodeEvent.newBuilder()
                .setNode(collector.node())
                .setFamily(collector.family())
                .setTimestamp(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setType(type)
                .setOtpRelease(info.map(NodeInfo::otpRelease).orElse(null))
                .setErtsVersion(info.map(NodeInfo::ertsVersion).orElse(null))
                .setLimits(type == NodeEventType.DOWN ? List.of() : collector.limits())
                .setReason(reason)
                .build();
    }

    public String node() {
        return collector.node();
    }

    /** Whether the node answered at the last check. */
    public boolean up() {
        return state == State.UP;
    }

    /** Since when the node has been down (or, never up, watched), in epoch ms; 0 while it is up. */
    public long downSinceMillis() {
        return downSinceMillis;
    }

    /**
     * Runs {@code task} on the watcher's thread (between ticks, or during a reconnect back-off) and returns its
     * result. When the thread has not started it within {@code wait}, it never will: {@link TimeoutException}.
     * Once started it is waited for to the end (one or a few calls, each bounded by the RPC timeout).
     *
     * @throws ExecutionException with the task's exception as the cause
     */
    public <T> T run(Callable<T> task, Duration wait)
            throws ExecutionException, TimeoutException, InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicBoolean claimed = new AtomicBoolean();
        if (!running) {
            throw new ExecutionException(new IllegalStateException(collector.node() + ": the watcher has stopped"));
        }
        tasks.add(() -> {
            if (!claimed.compareAndSet(false, true)) {
                return; // given up on by its caller
            }
            try {
                result.complete(task.call());
            } catch (Exception | LinkageError e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (claimed.compareAndSet(false, true)) {
                throw e; // never started, and now never will
            }
            return result.get();
        }
    }

    /** Waits {@code millis}, running submitted tasks as they come. */
    private void pause(long millis) {
        long deadline = System.currentTimeMillis() + Math.max(0, millis);
        try {
            while (running) {
                long left = deadline - System.currentTimeMillis();
                Runnable task = left > 0 ? tasks.poll(left, TimeUnit.MILLISECONDS) : tasks.poll();
                if (task == null) {
                    return;
                }
                task.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        collector.close();
        for (Runnable left = tasks.poll(); left != null; left = tasks.poll()) {
            left.run(); // fails at once: the collector is closed
        }
    }
}
