package io.numbat.deployer.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A {@link Scheduler} on a manual clock: nothing runs until the test calls {@link #advance} or {@link #settle}. */
public final class ManualScheduler implements Scheduler {
    private record Task(long id, long at, Runnable run) {}

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::id));
    private long now;
    private long nextId;

    @Override
    public long schedule(Duration delay, Runnable task) {
        long id = nextId++;
        tasks.add(new Task(id, now + delay.toMillis(), task));
        return id;
    }

    @Override
    public void cancel(long id) {
        tasks.removeIf(t -> t.id() == id);
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /** Runs everything due now, including what that schedules for now. */
    public void settle() {
        advance(Duration.ZERO);
    }

    /** Moves the clock on by {@code d}, running every task due by then in time order. */
    public void advance(Duration d) {
        long until = now + d.toMillis();
        while (!tasks.isEmpty() && tasks.peek().at() <= until) {
            Task t = tasks.poll();
            now = Math.max(now, t.at());
            t.run().run();
        }
        now = until;
    }

    public long nowMillis() {
        return now;
    }

    /** A clock (UTC) that reads this scheduler's time: milliseconds since the epoch, from 0. */
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("a manual clock is in UTC");
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now);
            }
        };
    }
}
