package io.numbat.agent.collect;

import io.numbat.agent.fleet.BatchSink;
import io.numbat.schemas.MetricBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs simple collectors (host, JVM) every interval on one thread and hands their batches to a
 * sink; a collector that fails is logged and tried again at the next tick, the others go on.
 */
public final class CollectorLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorLoop.class);

    private final List<Collector> collectors;
    private final BatchSink sink;
    private final Clock clock;
    private final ScheduledExecutorService ticker;

    public CollectorLoop(List<Collector> collectors, BatchSink sink, Duration interval, Clock clock) {
        this.collectors = List.copyOf(collectors);
        this.sink = sink;
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "numbat-collectors");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round over every collector. */
    public void tick() {
        long now = clock.millis();
        for (Collector c : collectors) {
            try {
                long start = System.nanoTime();
                List<MetricBatch> batches = c.collectAll(now);
                sink.collected(c.node(), System.nanoTime() - start);
                for (MetricBatch b : batches) {
                    sink.publish(b);
                }
            } catch (RuntimeException e) {
                LOG.warn("collector {} failed this tick: {}", c.node(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        collectors.forEach(Collector::close);
    }
}
