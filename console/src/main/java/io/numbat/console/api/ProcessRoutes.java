package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.intake.Intake;
import io.numbat.schemas.NodeQuery;
import io.numbat.schemas.NodeQueryKind;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.manage.Pids;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * {@code GET /api/nodes/{node}/processes/{pid}?user=}: one process's {@code process_info}, asked on demand of the
 * agent that watches the node: a {@code PROCESS_INFO} query on {@code numbat.node-queries}, its answer read from
 * {@code numbat.node-query-results}. 200 with the process and the answering agent; 422 when the agent answered
 * with an error (no such process, node not connected); 504 when no agent answered in time.
 */
final class ProcessRoutes {
    static final int MAX_USER = 100;

    private final Vertx vertx;
    private final LiveView view;
    private final Intake intake;
    private final LongSupplier clock;
    private final Duration timeout;

    ProcessRoutes(Vertx vertx, LiveView view, Intake intake, LongSupplier clock, Duration timeout) {
        this.vertx = vertx;
        this.view = view;
        this.intake = intake;
        this.clock = clock;
        this.timeout = timeout;
    }

    void mount(Router router) {
        router.routeWithRegex(HttpMethod.GET, "/api/nodes/(?<node>[^/]+)/processes/(?<pid>[^/]+)")
                .handler(this::inspect);
    }

    private void inspect(RoutingContext ctx) {
        String node = Params.path(ctx, "node");
        String text = Params.path(ctx, "pid");
        if (view.fleet().find(node).isEmpty()) {
            throw ApiError.notFound("no node '" + node + "'");
        }
        String pid = Pids.normalise(text).orElseThrow(() -> ApiError.badRequest(Pids.problem(text)));
        String user = Params.text(ctx, "user");
        if (user != null && user.length() > MAX_USER) {
            throw ApiError.badRequest("user is longer than " + MAX_USER + " characters");
        }
        long now = clock.getAsLong();
        NodeQuery q = NodeQuery.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setNode(node)
                .setKind(NodeQueryKind.PROCESS_INFO)
                .setPid(pid)
                .setWho(user == null ? "console" : user)
                .setTimestamp(Instant.ofEpochMilli(now))
                .setDeadline(Instant.ofEpochMilli(now + timeout.toMillis()))
                .build();
        String id = q.getRequestId();
        AnswerWait.start(vertx, view.queryAnswers(), id, r -> true, r -> {}, timeout)
                .onSuccess(answer -> answer.ifPresentOrElse(
                        r -> answer(ctx, r),
                        () -> ApiError.json(
                                ctx,
                                504,
                                new JsonObject()
                                        .put("error", AnswerWait.noAnswer("the query", node, timeout, id))
                                        .put("requestId", id))));
        intake.ask(q).onFailure(e -> {
            AnswerWait.cancel(view.queryAnswers(), id);
            ApiError.send(
                    ctx, 503, "could not send the query to " + Topics.NODE_QUERIES.name() + ": " + e.getMessage());
        });
    }

    private static void answer(RoutingContext ctx, NodeQueryResult r) {
        JsonObject j = new JsonObject()
                .put("requestId", r.getRequestId())
                .put("node", r.getNode())
                .put("agent", r.getAgent())
                .put("answeredAt", r.getTimestamp().toEpochMilli());
        if (!r.getOk() || r.getProcess() == null) {
            String why = r.getError() == null ? "the agent found no process" : r.getError();
            ApiError.json(ctx, 422, j.put("error", why + " (answered by " + r.getAgent() + ")"));
        } else {
            ApiError.json(ctx, 200, j.put("process", ManageJson.detail(r.getProcess())));
        }
    }
}
