package io.numbat.console.deploy;

import io.vertx.core.Future;

/** The deployer's REST API as the console uses it: scale requests go through it. */
public interface DeployerClient {
    /** What the deployer answered: its HTTP status and body (JSON). */
    record Answer(int status, String body) {}

    /**
     * {@code POST /api/families/{family}/scale {"nodes": nodes}}; fails only when the deployer did not
     * answer (unreachable, timed out), any answer (a 400 or 404 too) succeeds.
     */
    Future<Answer> scale(String family, int nodes);

    /** Where it is, for messages. */
    String url();
}
