package io.numbat.bridge;

import io.vertx.core.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a polled batch, record by record and in order, to a {@link RecordHandler} (prepared on the calling
 * thread, run on a Vert.x context), and settles each record that fails as the {@link FailurePolicy} says:
 * a record whose handling throws anything (an {@link Error} too) is tried again, then dead-lettered with
 * the error or the batch stops there. The records around a dead-lettered one are handled as usual. Called
 * on a consumer's own thread, which waits for the context without ever waiting forever: it gives up when
 * {@code running} turns false (the pump closing, or a context that no longer runs tasks).
 */
final class RecordHandling {
    private static final Logger LOG = LoggerFactory.getLogger(RecordHandling.class);

    /**
     * How a batch ended: its first {@code count} records are settled (handled or dead-lettered); if that
     * is fewer than all, the pump is closing or, with {@code stop} set, the policy stopped at the next one.
     */
    record Settled(int count, Throwable stop) {}

    /** A run of records on the context: the index of the first that failed and why, or -1. */
    private record Outcome(int failed, Throwable error) {
        static final Outcome ALL_HANDLED = new Outcome(-1, null);
    }

    private final String name;
    private final Context context;
    private final RecordHandler handler;
    private final FailurePolicy policy;
    private final BooleanSupplier running;

    RecordHandling(String name, Context context, RecordHandler handler, FailurePolicy policy, BooleanSupplier running) {
        this.name = name;
        this.context = context;
        this.handler = handler;
        this.policy = policy;
        this.running = running;
    }

    /** Handles {@code batch}: every record settled, or fewer if the pump is closing or the policy stops. */
    Settled handle(List<ConsumerRecord<String, byte[]>> batch) throws InterruptedException {
        int n = batch.size();
        Runnable[] work = new Runnable[n];
        Throwable[] unprepared = new Throwable[n];
        for (int i = 0; i < n; i++) {
            try {
                work[i] = Objects.requireNonNull(handler.prepare(batch.get(i)), "the handler prepared nothing");
            } catch (Throwable t) { // an Error too: the record fails, the pump goes on
                unprepared[i] = t;
            }
        }
        int from = 0;
        while (from < n) {
            int end = from;
            while (end < n && work[end] != null) {
                end++;
            }
            Outcome o =
                    end == from ? Outcome.ALL_HANDLED : run(Arrays.asList(work).subList(from, end));
            if (o == null) {
                return new Settled(from, null);
            }
            if (o.failed() < 0 && end == n) {
                return new Settled(n, null);
            }
            int at = o.failed() < 0 ? end : from + o.failed();
            Throwable error = o.failed() < 0 ? unprepared[end] : o.error();
            Settled stopped = settle(batch.get(at), at, error);
            if (stopped != null) {
                return stopped;
            }
            from = at + 1;
        }
        return new Settled(n, null);
    }

    /**
     * Tries a failed record again (unless rejected), then dead-letters it or stops; null once it is
     * settled, else how the batch ends (closing, or stopped at {@code at}).
     */
    private Settled settle(ConsumerRecord<String, byte[]> r, int at, Throwable error) throws InterruptedException {
        Throwable last = error;
        long pause = policy.backoff().toMillis();
        for (int attempt = 2; attempt <= policy.attempts() && !(last instanceof RecordRejectedException); attempt++) {
            LOG.warn(
                    "{}: record {} failed (attempt {} of {}): {}; trying it again",
                    name,
                    where(r),
                    attempt - 1,
                    policy.attempts(),
                    last.toString());
            Thread.sleep(pause);
            pause *= 2;
            Outcome o;
            try {
                o = run(List.of(Objects.requireNonNull(handler.prepare(r), "the handler prepared nothing")));
            } catch (Throwable t) {
                o = new Outcome(0, t);
            }
            if (o == null) {
                return new Settled(at, null);
            }
            if (o.failed() < 0) {
                return null;
            }
            last = o.error();
        }
        String why =
                last instanceof RecordRejectedException ? "was rejected" : "failed " + policy.attempts() + " times";
        if (policy.whenExhausted() == FailurePolicy.WhenExhausted.STOP) {
            LOG.error(
                    "{}: record {} {}; stopping, as the failure policy says (it and the records after it are not "
                            + "committed)",
                    name,
                    where(r),
                    why,
                    last);
            return new Settled(at, last);
        }
        if (last instanceof RecordRejectedException) {
            LOG.warn("{}: record {} rejected: {}; dead-lettering it", name, where(r), last.getMessage());
        } else {
            LOG.error("{}: record {} {}; dead-lettering it", name, where(r), why, last);
        }
        Boolean sent = await(deadLetter(r, last));
        if (sent == null) {
            return new Settled(at, null);
        }
        if (!sent) {
            // the sink tried (DeadLetterPublisher: 3 times) and logged the record and its error; stopping the
            // pump would hold every later record back for as long as the dead-letter topic is away
            LOG.error(
                    "{}: record {} is skipped: it failed and its dead letter could not be sent (see above)",
                    name,
                    where(r));
        }
        return null;
    }

    /** The sink's future, which should never fail; if it does (or the sink throws), the dead letter counts as not sent. */
    private CompletableFuture<Boolean> deadLetter(ConsumerRecord<String, byte[]> r, Throwable error) {
        try {
            return policy.deadLetters().deadLetter(r, error).exceptionally(e -> {
                LOG.error("{}: the dead letter of {} failed: {}", name, where(r), e.toString());
                return false;
            });
        } catch (RuntimeException e) {
            LOG.error("{}: the dead letter of {} failed: {}", name, where(r), e.toString());
            return CompletableFuture.completedFuture(false);
        }
    }

    /** Runs {@code run} on the context, stopping at the first that fails; null if closing. */
    private Outcome run(List<Runnable> run) throws InterruptedException {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            for (int i = 0; i < run.size(); i++) {
                try {
                    run.get(i).run();
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

    static String where(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }
}
