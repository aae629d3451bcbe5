package io.numbat.console.api;

import io.numbat.console.manage.Answers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Waits, on the console's context, for the answer to one request on a result topic: each answer keyed by the
 * request id goes to {@code each} until one is {@code last}; after {@code timeout} the wait ends empty. Start it
 * before the request is published, so no answer is missed.
 */
final class AnswerWait {
    private AnswerWait() {}

    static <V> Future<Optional<V>> start(
            Vertx vertx, Answers<V> answers, String requestId, Predicate<V> last, Consumer<V> each, Duration timeout) {
        Promise<Optional<V>> done = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), t -> {
            answers.forget(requestId);
            done.tryComplete(Optional.empty());
        });
        answers.expect(requestId, v -> {
            each.accept(v);
            if (last.test(v)) {
                vertx.cancelTimer(timer);
                answers.forget(requestId);
                done.tryComplete(Optional.of(v));
            }
        });
        return done.future();
    }

    /** Stops waiting (the request could not be published). */
    static <V> void cancel(Answers<V> answers, String requestId) {
        answers.forget(requestId);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The one line when no agent answered, like the command line's. */
    static String noAnswer(String what, String node, Duration timeout, String requestId) {
        return "no agent answered " + what + " for node " + node + " within " + seconds(timeout)
                + ": no running agent watches " + node + ", or its agent is away (request " + requestId + ")";
    }
}
