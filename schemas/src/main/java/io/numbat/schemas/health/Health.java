package io.numbat.schemas.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a component is: {@code live} (the process and its Kafka clients work; restart it if not) and
 * {@code ready} (caught up, serving what it should), with the checks behind them. Served as JSON by
 * {@code GET /health} (200 when live and ready, else 503), {@code /health/live} and {@code /health/ready}.
 */
public record Health(boolean live, boolean ready, Map<String, Object> checks) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which question a request asks. */
    public enum Probe {
        /** {@code /health}: live and ready. */
        ALL,
        /** {@code /health/live}: a Kubernetes liveness probe. */
        LIVE,
        /** {@code /health/ready}: a Kubernetes readiness probe. */
        READY;

        /** The probe of a request path, or null for a path that is not a health path. */
        public static Probe ofPath(String path) {
            return switch (path == null ? "" : path) {
                case "/health", "/health/" -> ALL;
                case "/health/live" -> LIVE;
                case "/health/ready" -> READY;
                default -> null;
            };
        }
    }

    public Health {
        ready = live && ready; // a dead component is never ready
        checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    /** UP when live and ready, else DOWN. */
    public String status() {
        return live && ready ? "UP" : "DOWN";
    }

    /** 200 when the probe's condition holds, else 503. */
    public int httpStatus(Probe probe) {
        boolean ok = switch (probe) {
            case ALL, READY -> ready;
            case LIVE -> live;
        };
        return ok ? 200 : 503;
    }

    /** {@code {"status":"UP","live":true,"ready":true,"checks":{...}}}. */
    public String toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status());
        out.put("live", live);
        out.put("ready", ready);
        out.put("checks", checks);
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            return "{\"status\":\"DOWN\",\"live\":false,\"ready\":false,\"error\":\"health not serialisable\"}";
        }
    }

    /** Live and ready only if every part is; each part's checks under its name. */
    public static Health allOf(Map<String, Health> parts) {
        boolean live = true;
        boolean ready = true;
        Map<String, Object> checks = new LinkedHashMap<>();
        for (Map.Entry<String, Health> p : parts.entrySet()) {
            live &= p.getValue().live();
            ready &= p.getValue().ready();
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("live", p.getValue().live());
            part.put("ready", p.getValue().ready());
            part.putAll(p.getValue().checks());
            checks.put(p.getKey(), part);
        }
        return new Health(live, ready, checks);
    }
}
