package io.numbat.platform.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How a batch of alerts is posted: to Alertmanager's API, or to a webhook as Alertmanager itself would. */
public enum AlertFormat {
    /** {@code POST /api/v2/alerts}: a JSON array of alerts. */
    ALERTMANAGER {
        @Override
        String encode(Collection<ObjectNode> alerts, String externalUrl) {
            ArrayNode array = MAPPER.createArrayNode();
            alerts.forEach(array::add);
            return array.toString();
        }
    },
    /**
     * Alertmanager's webhook payload, version 4: {@code version}, {@code groupKey}, {@code truncatedAlerts},
     * {@code status}, {@code receiver}, {@code groupLabels}, {@code commonLabels}, {@code commonAnnotations},
     * {@code externalURL} and {@code alerts} (each with its {@code status} and {@code fingerprint}).
     */
    WEBHOOK {
        @Override
        String encode(Collection<ObjectNode> alerts, String externalUrl) {
            ObjectNode payload = MAPPER.createObjectNode();
            payload.put("version", "4");
            payload.put("groupKey", "{}:{}");
            payload.put("truncatedAlerts", 0);
            boolean anyFiring = alerts.stream().anyMatch(a -> !a.has("endsAt"));
            payload.put("status", anyFiring ? "firing" : "resolved");
            payload.put("receiver", "numbat");
            payload.putObject("groupLabels");
            payload.set("commonLabels", common(alerts, "labels"));
            payload.set("commonAnnotations", common(alerts, "annotations"));
            payload.put("externalURL", externalUrl);
            ArrayNode array = payload.putArray("alerts");
            for (ObjectNode a : alerts) {
                ObjectNode w = a.deepCopy();
                boolean resolved = a.has("endsAt");
                w.put("status", resolved ? "resolved" : "firing");
                if (!resolved) {
                    w.put("endsAt", "0001-01-01T00:00:00Z");
                }
                if (!w.has("generatorURL")) {
                    w.put("generatorURL", "");
                }
                w.put("fingerprint", fingerprint((ObjectNode) a.get("labels")));
                array.add(w);
            }
            return payload.toString();
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper();

    abstract String encode(Collection<ObjectNode> alerts, String externalUrl);

    /** The name/value pairs that every alert has the same under {@code field}. */
    static ObjectNode common(Collection<ObjectNode> alerts, String field) {
        ObjectNode out = MAPPER.createObjectNode();
        if (alerts.isEmpty()) {
            return out;
        }
        Iterator<ObjectNode> it = alerts.iterator();
        out.setAll((ObjectNode) it.next().get(field).deepCopy());
        while (it.hasNext()) {
            JsonNode other = it.next().get(field);
            List<String> differ = new ArrayList<>();
            out.fieldNames().forEachRemaining(name -> {
                if (!out.get(name).equals(other.get(name))) {
                    differ.add(name);
                }
            });
            out.remove(differ);
        }
        return out;
    }

    /** A stable 16-hex-digit identity of a label set, as Alertmanager gives each alert (its own hash differs). */
    static String fingerprint(ObjectNode labels) {
        Map<String, String> sorted = new TreeMap<>();
        labels.fields()
                .forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        StringBuilder s = new StringBuilder();
        sorted.forEach((k, v) -> s.append(k).append('\u00ff').append(v).append('\u00ff'));
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
