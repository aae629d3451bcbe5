package io.numbat.platform.alerts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One alarm as an alert of Alertmanager's client API ({@code POST /api/v2/alerts}): labels {@code alertname} (the
 * alarm type), {@code node}, {@code family}, {@code severity} (lower case), {@code type} and, when the alarm names
 * one, {@code metric}; annotations {@code cause} and {@code evidence}; {@code startsAt}, {@code endsAt} once cleared,
 * and {@code generatorURL} at the console's node page.
 */
public final class AlertJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AlertJson() {}

    /**
     * @param alarm    the alarm's latest state
     * @param startsAt when it was first raised (the raise this forwarder saw, else the alarm's own time)
     * @param console  the console's base URL (http://host:port), for {@code generatorURL}; none: no link
     */
    public static ObjectNode alert(Alarm alarm, Instant startsAt, Optional<String> console) {
        ObjectNode alert = JSON.objectNode();
        ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", alarm.getType());
        if (alarm.getNode() != null) {
            labels.put("node", alarm.getNode());
        }
        if (alarm.getFamily() != null) {
            labels.put("family", alarm.getFamily());
        }
        labels.put("severity", alarm.getSeverity().name().toLowerCase(Locale.ROOT));
        labels.put("type", alarm.getType());
        if (alarm.getMetric() != null) {
            labels.put("metric", MetricId.nameOf(alarm.getMetric()));
        }
        ObjectNode annotations = alert.putObject("annotations");
        annotations.put("cause", alarm.getCause());
        evidence(alarm).ifPresent(e -> annotations.put("evidence", e));
        alert.put("startsAt", startsAt.toString());
        if (alarm.getState() == AlarmState.CLEARED) {
            alert.put("endsAt", alarm.getTimestamp().toString());
        }
        console.ifPresent(c -> alert.put("generatorURL", generatorUrl(c, alarm.getNode())));
        return alert;
    }

    /** The console page of {@code node} (its route {@code #/node/NAME}), or its alarm list for a family alarm. */
    static String generatorUrl(String console, String node) {
        String base = console.endsWith("/") ? console.substring(0, console.length() - 1) : console;
        if (node == null) {
            return base + "/#/alarms";
        }
        return base + "/#/node/"
                + URLEncoder.encode(node, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** "value 950 of limit 1000 (95%), exhaustion in 4m10s, culprit NAME PID, queue N": what the alarm carries, in words. */
    static Optional<String> evidence(Alarm alarm) {
        List<String> parts = new ArrayList<>();
        if (alarm.getValue() != null && alarm.getLimit() != null) {
            String share = alarm.getLimit() > 0
                    ? String.format(Locale.ROOT, " (%.0f%%)", 100 * alarm.getValue() / alarm.getLimit())
                    : "";
            parts.add("value " + number(alarm.getValue()) + " of limit " + number(alarm.getLimit()) + share);
        } else if (alarm.getValue() != null) {
            parts.add("value " + number(alarm.getValue()));
        } else if (alarm.getLimit() != null) {
            parts.add("limit " + number(alarm.getLimit()));
        }
        if (alarm.getSecondsToExhaustion() != null) {
            parts.add("exhaustion in " + duration(alarm.getSecondsToExhaustion()));
        }
        if (alarm.getCulprit() != null) {
            String pid = alarm.getCulprit().getPid();
            parts.add("culprit " + alarm.getCulprit().getProcess() + (pid == null || pid.isEmpty() ? "" : " " + pid)
                    + ", queue " + alarm.getCulprit().getLength());
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", parts));
    }

    /** Whole numbers as they are, large ones rounded (288673, not 2.89e+05), small ones to 3 significant digits. */
    static String number(double v) {
        if (Math.abs(v) >= 1e15 || Double.isNaN(v)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return Math.abs(v) >= 100 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String duration(double seconds) {
        Duration d = Duration.ofSeconds(Math.max(0, Math.round(seconds)));
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
