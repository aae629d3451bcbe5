package io.numbat.console.api;

import io.numbat.console.silence.SilenceBoard;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.Silence;
import io.vertx.core.json.JsonObject;

/** Silences, family policies and operators' changes as the API answers them. */
final class SilenceJson {
    private SilenceJson() {}

    static JsonObject silence(Silence s, long nowMillis) {
        return new JsonObject()
                .put("id", s.getId())
                .put("node", s.getNode())
                .put("family", s.getFamily())
                .put("alarmType", s.getAlarmType())
                .put("startsAt", s.getStartsAt().toEpochMilli())
                .put("endsAt", s.getEndsAt().toEpochMilli())
                .put("createdBy", s.getCreatedBy())
                .put("comment", s.getComment())
                .put("createdAt", s.getCreatedAt().toEpochMilli())
                .put(
                        "expiredAt",
                        s.getExpiredAt() == null ? null : s.getExpiredAt().toEpochMilli())
                .put("expiredBy", s.getExpiredBy())
                .put("status", SilenceBoard.status(s, nowMillis).name());
    }

    static JsonObject policy(FamilyPolicy p) {
        return new JsonObject()
                .put("family", p.getFamily())
                .put("mode", p.getMode().name())
                .put("pinnedNodes", p.getPinnedNodes())
                .put("user", p.getUser())
                .put("reason", p.getReason())
                .put("timestamp", p.getTimestamp().toEpochMilli());
    }

    static JsonObject change(OperatorChange c, long nowMillis) {
        return new JsonObject()
                .put("id", c.getId())
                .put("timestamp", c.getTimestamp().toEpochMilli())
                .put("who", c.getWho())
                .put("kind", c.getKind().name())
                .put("subject", c.getSubject())
                .put("reason", c.getReason())
                .put("via", c.getVia())
                .put("silence", c.getSilence() == null ? null : silence(c.getSilence(), nowMillis))
                .put("policy", c.getPolicy() == null ? null : policy(c.getPolicy()));
    }
}
