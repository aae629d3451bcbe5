package io.numbat.console.deploy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The deployer's REST API as the console uses it: scale requests and autoscaling pauses go through it. */
public interface DeployerClient {
    /** What the deployer answered: its HTTP status and body (JSON). */
    record Answer(int status, String body) {}

    /**
     * {@code POST /api/families/{family}/scale {"nodes": nodes}}; fails only when the deployer did not
     * answer (unreachable, timed out), any answer (a 400 or 404 too) succeeds.
     */
    Future<Answer> scale(String family, int nodes);

    /**
     * {@code PUT /api/families/{family}/policy} with {@code body} ({@code {"mode", "reason", "user"}}); fails only
     * when the deployer did not answer.
     */
    default Future<Answer> policy(String family, JsonObject body) {
        return Future.failedFuture("this deployer client cannot change policies");
    }

    /** Where it is, for messages. */
    String url();
}
