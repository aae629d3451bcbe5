package io.numbat.console.api;

import io.numbat.schemas.Silence;
import io.numbat.schemas.silence.SilenceRules;
import io.numbat.schemas.util.Durations;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The body of {@code POST /api/silences}: {@code {"node", "family", "alarmType"} (at least one), "startsAt"
 * (ISO-8601, default now), "endsAt" (ISO-8601) or "duration" ("2h"), "comment", "user"}, checked against
 * {@link SilenceRules}: a bad one is a 400 naming every reason.
 */
final class SilenceRequest {
    private SilenceRequest() {}

    static Silence parse(JsonObject body, long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        Instant starts = instant(body, "startsAt", now);
        String endsText = string(body, "endsAt");
        String durationText = string(body, "duration");
        if ((endsText == null) == (durationText == null)) {
            throw ApiError.badRequest("give either endsAt (ISO-8601, e.g. 2026-12-07T18:00:00Z) or duration (e.g. 2h)");
        }
        Instant ends;
        if (endsText != null) {
            ends = instant(body, "endsAt", null);
        } else {
            Duration d;
            try {
                d = Durations.parse(durationText);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("duration: " + e.getMessage());
            }
            try {
                ends = starts.plus(d);
            } catch (ArithmeticException | DateTimeException e) {
                throw ApiError.badRequest("duration " + durationText + " is too long");
            }
        }
        String user = string(body, "user");
        Silence s = Silence.newBuilder()
                .setId(UUID.randomUUID().toString())
                .setNode(string(body, "node"))
                .setFamily(string(body, "family"))
                .setAlarmType(string(body, "alarmType"))
                .setStartsAt(starts)
                .setEndsAt(ends)
                .setCreatedBy(user == null ? "operator" : user)
                .setComment(string(body, "comment") == null ? "" : string(body, "comment"))
                .setCreatedAt(now)
                .build();
        SilenceRules.problem(s, nowMillis).ifPresent(p -> {
            throw ApiError.badRequest("silence refused: " + p);
        });
        return s;
    }

    /** A string field, stripped; null when absent or blank; a 400 when it is not a string. */
    static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiError.badRequest(field + " must be a string");
        }
        if (s.length() > SilenceRules.MAX_TEXT) {
            throw ApiError.badRequest(field + " is longer than " + SilenceRules.MAX_TEXT + " characters");
        }
        return s.isBlank() ? null : s.strip();
    }

    private static Instant instant(JsonObject body, String field, Instant absent) {
        String v = string(body, field);
        if (v == null) {
            return absent;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(
                    field + " must be an ISO-8601 instant like 2026-12-07T18:00:00Z, got '" + v + "'");
        }
    }
}
