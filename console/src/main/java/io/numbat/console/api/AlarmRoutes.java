package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.intake.Intake;
import io.numbat.console.view.AlarmEntry;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.Severity;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * {@code GET /api/alarms?severity=&family=&node=} and {@code POST /api/alarms/{id}/ack|unack} with
 * {@code {"comment": "...", "user": "..."}}: the acknowledgement is written to Kafka, so every
 * console instance agrees, and applied here once Kafka has it.
 */
final class AlarmRoutes {
    static final int MAX_COMMENT = 1000;
    static final int MAX_USER = 100;

    private final LiveView view;
    private final Intake intake;
    private final LongSupplier clock;

    AlarmRoutes(LiveView view, Intake intake, LongSupplier clock) {
        this.view = view;
        this.intake = intake;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/alarms").handler(this::list);
        router.routeWithRegex(HttpMethod.POST, "/api/alarms/(?<id>.+)/(?<action>ack|unack)")
                .handler(this::ack);
    }

    private void list(RoutingContext ctx) {
        Severity severity = Params.severity(ctx);
        String family = Params.text(ctx, "family");
        String node = Params.text(ctx, "node");
        if (family != null && !view.fleet().hasFamily(family) && !view.alarms().hasFamily(family)) {
            throw ApiError.notFound("no family '" + family + "'");
        }
        if (node != null && view.fleet().find(node).isEmpty() && !view.alarms().hasNode(node)) {
            throw ApiError.notFound("no node '" + node + "'");
        }
        JsonArray alarms = new JsonArray();
        for (AlarmEntry e : view.alarms().list(severity, family, node)) {
            alarms.add(ViewJson.alarm(e));
        }
        ApiError.json(ctx, 200, new JsonObject().put("total", alarms.size()).put("alarms", alarms));
    }

    private void ack(RoutingContext ctx) {
        String id = Params.path(ctx, "id");
        boolean acknowledged = "ack".equals(ctx.pathParam("action"));
        JsonObject body = body(ctx);
        String comment = string(body, "comment", MAX_COMMENT);
        String user = string(body, "user", MAX_USER);
        AlarmEntry e = view.alarms().find(id).orElseThrow(() -> ApiError.notFound("no raised alarm '" + id + "'"));
        AlarmAck ack = AlarmAck.newBuilder()
                .setAlarmId(id)
                .setAcknowledged(acknowledged)
                .setComment(comment)
                .setUser(user == null ? "operator" : user)
                .setTimestamp(Instant.ofEpochMilli(clock.getAsLong()))
                .setAlarmTimestamp(e.alarm().getTimestamp())
                .build();
        intake.acknowledge(ack).onComplete(r -> {
            if (r.failed()) {
                ApiError.send(
                        ctx,
                        503,
                        "could not record the acknowledgement: " + r.cause().getMessage());
                return;
            }
            view.ack(ack);
            AlarmEntry now = view.alarms().find(id).orElse(e);
            ApiError.json(ctx, 200, ViewJson.alarm(now));
        });
    }

    /** The body as a JSON object; always read as UTF-8 (JSON's encoding), whatever charset the Content-Type names. */
    static JsonObject body(RoutingContext ctx) {
        Buffer b = ctx.body() == null ? null : ctx.body().buffer();
        String raw = b == null ? null : b.toString(StandardCharsets.UTF_8);
        if (raw == null || raw.isBlank()) {
            return new JsonObject();
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(raw);
        } catch (DecodeException ex) {
            throw ApiError.badRequest("body is not JSON: " + ex.getMessage());
        }
        if (!(parsed instanceof JsonObject j)) {
            throw ApiError.badRequest("body must be a JSON object like {\"comment\": \"...\"}");
        }
        return j;
    }

    private static String string(JsonObject body, String field, int max) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiError.badRequest(field + " must be a string");
        }
        if (s.length() > max) {
            throw ApiError.badRequest(field + " is longer than " + max + " characters");
        }
        return s;
    }
}
