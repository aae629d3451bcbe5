package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.intake.Intake;
import io.numbat.console.silence.SilenceBoard;
import io.numbat.schemas.ChangeKind;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.Silence;
import io.numbat.schemas.audit.OperatorChanges;
import io.numbat.schemas.silence.SilenceRules;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Silences and the audit of operators' changes. {@code GET /api/silences?status=active|pending|expired}: every
 * silence, those ending last first; {@code GET /api/silences/{id}}: one. {@code POST /api/silences} ({@link
 * SilenceRequest}): a new silence on {@code numbat.silences} (201); {@code POST /api/silences/{id}/expire} with
 * {@code {"reason", "user"}}: ends it now (200; 404 unknown, 409 already over). Each change is followed by its audit
 * record on {@code numbat.operator-changes}; {@code GET /api/changes?subject=&limit=}: those records, newest first.
 * Changes need the console's operator token, as gc and kill do (403 without), and its access token when it has one.
 */
final class SilenceRoutes {
    static final String NO_TOKEN = "silences and autoscaling changes are disabled: this console has no operator token "
            + "(start it with --operator-token-file FILE or NUMBAT_OPERATOR_TOKEN)";
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 2000;

    private final LiveView view;
    private final Intake intake;
    private final LongSupplier clock;
    private final boolean enabled;

    SilenceRoutes(LiveView view, Intake intake, LongSupplier clock, Optional<String> operatorToken) {
        this.view = view;
        this.intake = intake;
        this.clock = clock;
        this.enabled = operatorToken.isPresent();
    }

    void mount(Router router) {
        router.get("/api/silences").handler(this::list);
        router.post("/api/silences").handler(this::add);
        router.routeWithRegex(HttpMethod.POST, "/api/silences/(?<id>[^/]+)/expire")
                .handler(this::expire);
        router.routeWithRegex(HttpMethod.GET, "/api/silences/(?<id>[^/]+)").handler(this::one);
        router.get("/api/changes").handler(this::changes);
    }

    /** Refuses a change when this console holds no operator token. */
    static void requireToken(boolean enabled) {
        if (!enabled) {
            throw new ApiError(403, NO_TOKEN);
        }
    }

    private void list(RoutingContext ctx) {
        SilenceBoard.Status wanted = status(Params.text(ctx, "status"));
        long now = clock.getAsLong();
        JsonArray out = new JsonArray();
        for (Silence s : view.silences().all()) {
            if (wanted == null || SilenceBoard.status(s, now) == wanted) {
                out.add(SilenceJson.silence(s, now));
            }
        }
        ApiError.json(
                ctx,
                200,
                new JsonObject()
                        .put("total", view.silences().size())
                        .put("changesEnabled", enabled)
                        .put("disabledReason", enabled ? null : NO_TOKEN)
                        .put("silences", out));
    }

    private void one(RoutingContext ctx) {
        ApiError.json(ctx, 200, SilenceJson.silence(known(Params.path(ctx, "id")), clock.getAsLong()));
    }

    private void add(RoutingContext ctx) {
        requireToken(enabled);
        long now = clock.getAsLong();
        Silence s = SilenceRequest.parse(AlarmRoutes.body(ctx), now);
        OperatorChange audit = change(ChangeKind.SILENCE_ADDED, s, s.getCreatedBy(), s.getComment(), now);
        publish(ctx, s, audit, 201);
    }

    private void expire(RoutingContext ctx) {
        requireToken(enabled);
        Silence s = known(Params.path(ctx, "id"));
        JsonObject body = AlarmRoutes.body(ctx);
        String reason = SilenceRequest.string(body, "reason");
        String user = Optional.ofNullable(SilenceRequest.string(body, "user")).orElse("operator");
        long now = clock.getAsLong();
        if (SilenceRules.overAt(s, now)) {
            throw new ApiError(
                    409,
                    "silence " + s.getId() + " is already over (it ended at "
                            + Instant.ofEpochMilli(SilenceRules.endMillis(s)) + ")");
        }
        Silence expired = Silence.newBuilder(s)
                .setExpiredAt(Instant.ofEpochMilli(now))
                .setExpiredBy(user)
                .build();
        publish(
                ctx,
                expired,
                change(ChangeKind.SILENCE_EXPIRED, expired, user, reason == null ? "" : reason, now),
                200);
    }

    private void publish(RoutingContext ctx, Silence s, OperatorChange audit, int status) {
        long now = clock.getAsLong();
        intake.silence(s, audit).onComplete(sent -> {
            if (sent.failed()) {
                ApiError.send(
                        ctx,
                        503,
                        "could not publish the silence on " + Topics.SILENCES.name() + " and its audit record on "
                                + Topics.OPERATOR_CHANGES.name() + ": "
                                + sent.cause().getMessage());
                return;
            }
            view.silences().onSilence(s); // answered and listed at once; the topic brings the same version
            ApiError.json(
                    ctx,
                    status,
                    new JsonObject()
                            .put("silence", SilenceJson.silence(s, now))
                            .put("change", SilenceJson.change(audit, now)));
        });
    }

    private void changes(RoutingContext ctx) {
        int limit = Params.integer(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long now = clock.getAsLong();
        JsonArray out = new JsonArray();
        view.changes().list(Params.text(ctx, "subject"), limit).forEach(c -> out.add(SilenceJson.change(c, now)));
        ApiError.json(
                ctx, 200, new JsonObject().put("total", view.changes().size()).put("changes", out));
    }

    private static OperatorChange change(ChangeKind kind, Silence s, String who, String reason, long now) {
        return OperatorChanges.ofSilence(kind, s, who, reason, now, "console");
    }

    private Silence known(String id) {
        return view.silences()
                .find(id)
                .orElseThrow(() -> ApiError.notFound("no silence '" + id + "' (GET /api/silences lists them)"));
    }

    private static SilenceBoard.Status status(String text) {
        if (text == null) {
            return null;
        }
        try {
            return SilenceBoard.Status.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("status must be active, pending or expired, got '" + text + "'");
        }
    }
}
