package io.numbat.platform.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    private static final Instant T = Instant.parse("2026-12-07T05:00:00Z");

    @Test
    void aRaisedForecastIsAnAlertWithItsLabelsAnnotationsAndNodePage() {
        ObjectNode a = AlertJson.alert(
                Alarms.forecast("a1", AlarmState.RAISED, T), T.minusSeconds(30), Optional.of("http://c:8080/"));
        ObjectNode labels = (ObjectNode) a.get("labels");
        assertEquals("predicted_exhaustion", labels.get("alertname").asText());
        assertEquals("predicted_exhaustion", labels.get("type").asText());
        assertEquals("web-1@sim", labels.get("node").asText());
        assertEquals("web", labels.get("family").asText());
        assertEquals("major", labels.get("severity").asText());
        assertEquals(MetricId.values()[0].metricName(), labels.get("metric").asText());
        assertEquals(
                "process count will reach its limit",
                a.get("annotations").get("cause").asText());
        assertEquals(
                "value 950 of limit 1000 (95%), exhaustion in 4m10s",
                a.get("annotations").get("evidence").asText());
        assertEquals("2026-12-07T04:59:30Z", a.get("startsAt").asText());
        assertFalse(a.has("endsAt"));
        assertEquals("http://c:8080/#/node/web-1%40sim", a.get("generatorURL").asText());
    }

    @Test
    void aClearedAlarmEndsWhenItCleared() {
        ObjectNode a =
                AlertJson.alert(Alarms.forecast("a1", AlarmState.CLEARED, T), T.minusSeconds(60), Optional.empty());
        assertEquals("2026-12-07T05:00:00Z", a.get("endsAt").asText());
        assertEquals("2026-12-07T04:59:00Z", a.get("startsAt").asText());
        assertFalse(a.has("generatorURL"));
    }

    @Test
    void aFamilyAlarmHasNoNodeLabelAndLinksToTheAlarmList() {
        Alarm family = Alarm.newBuilder(Alarms.forecast("f1", AlarmState.RAISED, T))
                .setNode(null)
                .setMetric(null)
                .setValue(null)
                .setLimit(null)
                .setSecondsToExhaustion(null)
                .build();
        ObjectNode a = AlertJson.alert(family, T, Optional.of("http://c:8080"));
        assertFalse(a.get("labels").has("node"));
        assertFalse(a.get("labels").has("metric"));
        assertFalse(a.get("annotations").has("evidence"));
        assertEquals("http://c:8080/#/alarms", a.get("generatorURL").asText());
    }

    @Test
    void numbersInTheEvidenceAreReadable() {
        assertEquals("288673", AlertJson.number(288_673.4));
        assertEquals("1000", AlertJson.number(1000.0));
        assertEquals("0.950", AlertJson.number(0.95));
        assertEquals("12.3", AlertJson.number(12.34));
    }
}
