package io.numbat.deployer.kafka;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands polled records one by one, in order, to a handler on a Vert.x context, and settles each one
 * that fails: a record whose handler throws anything (an {@link Error} too) is tried again a bounded
 * number of times, then dead-lettered with the error; a {@link RecordRejectedException} is
 * dead-lettered at once. The records around a failing one are handled as usual. Called on a
 * consumer's own thread, which waits for the context without ever waiting forever: it gives up
 * when {@code running} turns false (a pump closing, or a context that no longer runs tasks).
 */
public final class RecordHandling {
    private static final Logger LOG = LoggerFactory.getLogger(RecordHandling.class);
    /** Attempts at a failing record before it is dead-lettered. */
    public static final int DEFAULT_ATTEMPTS = 3;
    /** Pause before the second attempt; doubled before each further one. */
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);

    /** The handler's outcome on a run of records: the index of the first that failed and why, or -1. */
    private record Outcome(int failed, Throwable error) {
        static final Outcome ALL_HANDLED = new Outcome(-1, null);
    }

    private final String name;
    private final Context context;
    private final Handler<ConsumerRecord<String, byte[]>> handler;
    private final DeadLetterSink deadLetters;
    private final int attempts;
    private final Duration backoff;
    private final BooleanSupplier running;

    public RecordHandling(String name, Context context, Handler<ConsumerRecord<String, byte[]>> handler,
                          DeadLetterSink deadLetters, BooleanSupplier running) {
        this(name, context, handler, deadLetters, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, running);
    }

    public RecordHandling(String name, Context context, Handler<ConsumerRecord<String, byte[]>> handler,
                          DeadLetterSink deadLetters, int attempts, Duration backoff, BooleanSupplier running) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
        this.name = name;
        this.context = context;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.attempts = attempts;
        this.backoff = backoff;
        this.running = running;
    }

    /** The same handling, giving up its waits once {@code running} turns false (its consumer closing). */
    RecordHandling whileRunning(BooleanSupplier running) {
        BooleanSupplier before = this.running;
        return new RecordHandling(name, context, handler, deadLetters, attempts, backoff,
                () -> before.getAsBoolean() && running.getAsBoolean());
    }

    /**
     * Handles every record of {@code records}, each either carried out or dead-lettered (or, if even
     * that failed, reported skipped).
     *
     * @return false if it stopped early because the consumer is closing: the batch must not be committed
     */
    public boolean handle(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        int from = 0;
        while (from < all.size()) {
            Outcome o = run(all.subList(from, all.size()));
            if (o == null) {
                return false;
            }
            if (o.failed() < 0) {
                return true;
            }
            int at = from + o.failed();
            if (!settle(all.get(at), o.error())) {
                return false;
            }
            from = at + 1;
        }
        return true;
    }

    /** Retries a failed record (unless rejected), then dead-letters it; false if the consumer is closing. */
    private boolean settle(ConsumerRecord<String, byte[]> r, Throwable error) throws InterruptedException {
        Throwable last = error;
        long pause = backoff.toMillis();
        for (int attempt = 2; attempt <= attempts && !(last instanceof RecordRejectedException); attempt++) {
            LOG.warn("{}: record {} failed (attempt {} of {}): {}; trying it again", name, where(r), attempt - 1, attempts,
                    last.toString());
            Thread.sleep(pause);
            pause *= 2;
            Outcome o = run(List.of(r));
            if (o == null) {
                return false;
            }
            if (o.failed() < 0) {
                return true;
            }
            last = o.error();
        }
        if (last instanceof RecordRejectedException) {
            LOG.warn("{}: record {} rejected: {}; dead-lettering it", name, where(r), last.getMessage());
        } else {
            LOG.error("{}: record {} failed {} times; dead-lettering it", name, where(r), attempts, last);
        }
        CompletableFuture<Boolean> sent = deadLetters.deadLetter(r, last);
        Boolean ok = await(sent);
        if (ok == null) {
            return false;
        }
        if (!ok) {
            LOG.error("{}: record {} is skipped: it failed and its dead letter could not be sent (see above)", name, where(r));
        }
        return true;
    }

    /** Runs the handler on the context over {@code run}, stopping at the first record that fails; null if closing. */
    private Outcome run(List<ConsumerRecord<String, byte[]>> run) throws InterruptedException {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            for (int i = 0; i < run.size(); i++) {
                try {
                    handler.handle(run.get(i));
                } catch (Throwable t) { // an Error too: it must neither kill nor wedge the consumer
                    done.complete(new Outcome(i, t));
                    return;
                }
            }
            done.complete(Outcome.ALL_HANDLED);
        });
        return await(done);
    }

    /** Waits for {@code f} for as long as the consumer runs; null once it is closing. */
    private <T> T await(CompletableFuture<T> f) throws InterruptedException {
        while (true) {
            try {
                return f.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (!running.getAsBoolean()) {
                    LOG.warn("{}: closing while a record was being handled", name);
                    return null;
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("never completed exceptionally", e);
            }
        }
    }

    private static String where(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }
}
