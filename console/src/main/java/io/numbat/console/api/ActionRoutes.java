package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.intake.Intake;
import io.numbat.console.manage.AuditEntry;
import io.numbat.schemas.ActionResult;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.manage.ActionSignature;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * {@code POST /api/nodes/{node}/actions} with {@code {"action": "gc|kill", "pid": "<0.1.0>", "reason": "...",
 * "dryRun": false, "user": "..."}}: an operator's action, signed with the console's operator token and published
 * on {@code numbat.actions}; answered with the agent's result from {@code numbat.action-results} (200), or 202 when
 * no end arrived in time. {@code GET /api/nodes/{node}/actions}: the node's audit trail, and whether this console
 * can act at all.
 */
final class ActionRoutes {
    static final String NO_TOKEN = "actions are disabled: this console has no operator token (start it with "
            + "--operator-token-file FILE or NUMBAT_OPERATOR_TOKEN; the agents check the signature it makes)";

    private final Vertx vertx;
    private final LiveView view;
    private final Intake intake;
    private final LongSupplier clock;
    private final Optional<byte[]> token;
    private final Duration timeout;

    ActionRoutes(
            Vertx vertx,
            LiveView view,
            Intake intake,
            LongSupplier clock,
            Optional<String> operatorToken,
            Duration timeout) {
        this.vertx = vertx;
        this.view = view;
        this.intake = intake;
        this.clock = clock;
        this.token = operatorToken.map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
    }

    void mount(Router router) {
        router.routeWithRegex(HttpMethod.GET, "/api/nodes/(?<node>[^/]+)/actions")
                .handler(this::trail);
        router.routeWithRegex(HttpMethod.POST, "/api/nodes/(?<node>[^/]+)/actions")
                .handler(this::act);
    }

    private void trail(RoutingContext ctx) {
        String node = Params.path(ctx, "node");
        if (view.fleet().find(node).isEmpty() && !view.audit().hasNode(node)) {
            throw ApiError.notFound("no node '" + node + "'");
        }
        JsonArray actions = new JsonArray();
        for (AuditEntry e : view.audit().forNode(node)) {
            actions.add(ManageJson.audit(e));
        }
        ApiError.json(
                ctx,
                200,
                new JsonObject()
                        .put("node", node)
                        .put("actionsEnabled", token.isPresent())
                        .put("disabledReason", token.isPresent() ? null : NO_TOKEN)
                        .put("actions", actions));
    }

    private void act(RoutingContext ctx) {
        String node = Params.path(ctx, "node");
        if (token.isEmpty()) {
            throw new ApiError(403, NO_TOKEN);
        }
        if (view.fleet().find(node).isEmpty()) {
            throw ApiError.notFound("no node '" + node + "'");
        }
        ActionRequest req = ActionRequest.parse(AlarmRoutes.body(ctx));
        long now = clock.getAsLong();
        OperatorAction action = ActionSignature.signed(
                OperatorAction.newBuilder()
                        .setRequestId(UUID.randomUUID().toString())
                        .setWho(req.user())
                        .setTimestamp(Instant.ofEpochMilli(now))
                        .setNode(node)
                        .setPid(req.pid().orElse(null))
                        .setAction(req.kind())
                        .setReason(req.reason())
                        .setDryRun(req.dryRun())
                        .setDeadline(Instant.ofEpochMilli(now + timeout.toMillis()))
                        .build(),
                token.get());
        String id = action.getRequestId();
        AtomicReference<ActionResult> seen = new AtomicReference<>();
        AnswerWait.start(
                        vertx,
                        view.actionAnswers(),
                        id,
                        r -> r.getStatus() != ActionStatus.EXECUTING,
                        seen::set,
                        timeout)
                .onSuccess(last -> {
                    JsonObject j = new JsonObject().put("request", ManageJson.action(action));
                    if (last.isPresent()) {
                        ApiError.json(ctx, 200, j.put("result", ManageJson.result(last.get())));
                    } else if (seen.get() != null) {
                        ApiError.json(
                                ctx,
                                202,
                                j.put("result", ManageJson.result(seen.get()))
                                        .put(
                                                "message",
                                                seen.get().getAgent()
                                                        + " started it, but its end did not arrive within "
                                                        + AnswerWait.seconds(timeout)
                                                        + "; the node's audit trail will show it"));
                    } else {
                        ApiError.json(
                                ctx,
                                202,
                                j.putNull("result")
                                        .put("message", AnswerWait.noAnswer("the action", node, timeout, id)));
                    }
                });
        intake.act(action).onFailure(e -> {
            AnswerWait.cancel(view.actionAnswers(), id);
            ApiError.send(ctx, 503, "could not publish the action on " + Topics.ACTIONS.name() + ": " + e.getMessage());
        });
    }
}
