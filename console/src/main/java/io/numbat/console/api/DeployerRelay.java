package io.numbat.console.api;

import io.numbat.console.deploy.DeployerClient;
import io.vertx.core.AsyncResult;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Hands the deployer's answer to a console request on: its JSON object and status, or a 502 saying why not. */
final class DeployerRelay {
    private DeployerRelay() {}

    static void relay(RoutingContext ctx, DeployerClient d, AsyncResult<DeployerClient.Answer> r) {
        if (r.failed()) {
            ApiError.send(
                    ctx,
                    502,
                    "the deployer at " + d.url() + " did not answer: "
                            + r.cause().getMessage());
            return;
        }
        DeployerClient.Answer a = r.result();
        Object body;
        try {
            body = Json.decodeValue(a.body());
        } catch (DecodeException e) {
            body = null;
        }
        if (body instanceof JsonObject j) {
            ApiError.json(ctx, a.status(), j);
        } else {
            ApiError.send(
                    ctx, a.status() >= 400 ? a.status() : 502, "the deployer answered " + a.status() + ": " + a.body());
        }
    }
}
