package io.numbat.deployer.launch;

import io.vertx.core.Context;
import java.time.Duration;

/** A {@link Scheduler} on a Vert.x context: timers are Vert.x timers, hand-offs {@code runOnContext}
 * (always asynchronous, even from the context itself). */
public final class VertxScheduler implements Scheduler {
    private final Context context;

    public VertxScheduler(Context context) {
        this.context = context;
    }

    @Override
    public long schedule(Duration delay, Runnable task) {
        return context.owner().setTimer(Math.max(1, delay.toMillis()), id -> context.runOnContext(v -> task.run()));
    }

    @Override
    public void cancel(long id) {
        context.owner().cancelTimer(id);
    }

    @Override
    public void execute(Runnable task) {
        context.runOnContext(v -> task.run()); // always later, so that callbacks never nest
    }
}
