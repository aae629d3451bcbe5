package io.numbat.console.api;

import io.numbat.schemas.ActionKind;
import io.numbat.schemas.manage.Pids;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;

/** The body of {@code POST /api/nodes/{node}/actions}, checked: a bad one is a 400 with the reason. */
record ActionRequest(ActionKind kind, Optional<String> pid, String reason, boolean dryRun, String user) {
    static final int MAX_REASON = 1000;
    static final int MAX_USER = 100;

    static ActionRequest parse(JsonObject body) {
        String action = string(body, "action", 10);
        ActionKind kind;
        if ("gc".equalsIgnoreCase(action)) {
            kind = ActionKind.GC;
        } else if ("kill".equalsIgnoreCase(action)) {
            kind = ActionKind.KILL;
        } else {
            throw ApiError.badRequest("action must be \"gc\" or \"kill\", got "
                    + (action == null ? "none" : "'" + action.toLowerCase(Locale.ROOT) + "'"));
        }
        String pidText = string(body, "pid", 40);
        Optional<String> pid = pidText == null || pidText.isBlank()
                ? Optional.empty()
                : Optional.of(Pids.normalise(pidText).orElseThrow(() -> ApiError.badRequest(Pids.problem(pidText))));
        if (kind == ActionKind.KILL && pid.isEmpty()) {
            throw ApiError.badRequest("kill needs a pid (the whole node is never killed from Numbat)");
        }
        String reason = string(body, "reason", MAX_REASON);
        if (reason == null || reason.isBlank()) {
            throw ApiError.badRequest("reason is required: say why (it is kept with the audit record)");
        }
        Object dry = body.getValue("dryRun");
        if (dry != null && !(dry instanceof Boolean)) {
            throw ApiError.badRequest("dryRun must be true or false");
        }
        String user = string(body, "user", MAX_USER);
        return new ActionRequest(
                kind,
                pid,
                reason.strip(),
                Boolean.TRUE.equals(dry),
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
