package io.numbat.console.api;

import io.numbat.console.manage.AuditEntry;
import io.numbat.schemas.ActionResult;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.ProcessDetail;
import io.numbat.schemas.ProcessQueue;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/** JSON forms of the Manage records: top rows, process details, actions, their results and audit entries. */
final class ManageJson {
    private ManageJson() {}

    /** A row of a top table (also an alarm's culprit): pid, name, current function and the three measures. */
    static JsonObject process(ProcessQueue p) {
        return new JsonObject()
                .put("pid", p.getPid().isEmpty() ? null : p.getPid())
                .put("process", p.getProcess())
                .put("currentFunction", p.getCurrentFunction().isEmpty() ? null : p.getCurrentFunction())
                .put("reductions", p.getReductions())
                .put("memory", p.getMemory())
                .put("queue", p.getLength());
    }

    static JsonObject detail(ProcessDetail d) {
        return new JsonObject()
                .put("pid", d.getPid())
                .put("registeredName", d.getRegisteredName())
                .put("initialCall", d.getInitialCall())
                .put("currentFunction", d.getCurrentFunction())
                .put("status", d.getStatus())
                .put("currentStacktrace", strings(d.getCurrentStacktrace()))
                .put("messageQueueLength", d.getMessageQueueLength())
                .put("memory", d.getMemory())
                .put("heapSize", d.getHeapSize())
                .put("totalHeapSize", d.getTotalHeapSize())
                .put("reductions", d.getReductions())
                .put("links", strings(d.getLinks()))
                .put("monitors", strings(d.getMonitors()))
                .put("dictionarySize", d.getDictionarySize());
    }

    /** The request as published (without its signature). */
    static JsonObject action(OperatorAction a) {
        return new JsonObject()
                .put("requestId", a.getRequestId())
                .put("who", a.getWho())
                .put("requestedAt", a.getTimestamp().toEpochMilli())
                .put("node", a.getNode())
                .put("pid", a.getPid())
                .put("action", a.getAction().name().toLowerCase(Locale.ROOT))
                .put("reason", a.getReason())
                .put("dryRun", a.getDryRun())
                .put("deadline", a.getDeadline().toEpochMilli())
                .put("signed", a.getSignature() != null);
    }

    static JsonObject result(ActionResult r) {
        return new JsonObject()
                .put("requestId", r.getRequestId())
                .put("status", r.getStatus().name())
                .put("message", r.getMessage())
                .put("agent", r.getAgent())
                .put("duplicate", r.getDuplicate())
                .put("timestamp", r.getTimestamp().toEpochMilli());
    }

    /** An audit entry: the request (from the action or, without it, from its result) and what became of it. */
    static JsonObject audit(AuditEntry e) {
        JsonObject j = e.action().map(ManageJson::action).orElseGet(() -> {
            ActionResult r = e.last().orElseThrow();
            return new JsonObject()
                    .put("requestId", r.getRequestId())
                    .put("who", r.getWho())
                    .put("requestedAt", r.getRequestedAt().toEpochMilli())
                    .put("node", r.getNode())
                    .put("pid", r.getPid())
                    .put("action", r.getAction())
                    .put("reason", r.getReason())
                    .put("dryRun", r.getDryRun());
        });
        JsonArray results = new JsonArray();
        e.results().forEach(r -> results.add(result(r)));
        return j.put("status", e.last().map(r -> r.getStatus().name()).orElse("SENT"))
                .put("message", e.last().map(ActionResult::getMessage).orElse(null))
                .put("agent", e.last().map(ActionResult::getAgent).orElse(null))
                .put("results", results);
    }

    private static JsonArray strings(List<String> l) {
        return new JsonArray(List.copyOf(l));
    }
}
