package io.numbat.console.api;

import io.numbat.schemas.RemediationVerdict;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The body of {@code POST /api/remediations/{id}/approve|reject}, {@code {"reason": "...", "user": "..."}}, checked:
 * a bad one is a 400 with the reason. A rejection needs a reason (it becomes the remediation's); an approval may
 * give one. The user is who the operator says they are, as for actions and acknowledgements.
 */
record VerdictRequest(RemediationVerdict verdict, Optional<String> reason, String user) {
    static final int MAX_REASON = 1000;
    static final int MAX_USER = 100;

    static VerdictRequest parse(RemediationVerdict verdict, JsonObject body) {
        String reason = string(body, "reason", MAX_REASON);
        if (verdict == RemediationVerdict.REJECT && (reason == null || reason.isBlank())) {
            throw ApiError.badRequest("reason is required to reject: say why (it becomes the remediation's reason)");
        }
        String user = string(body, "user", MAX_USER);
        return new VerdictRequest(
                verdict,
                reason == null || reason.isBlank() ? Optional.empty() : Optional.of(reason.strip()),
                user == null || user.isBlank() ? "operator" : user.strip());
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
