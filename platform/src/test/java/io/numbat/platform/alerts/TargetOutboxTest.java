package io.numbat.platform.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetOutboxTest {
    private static final Instant T = Instant.parse("2026-12-07T05:00:00Z");

    private static ObjectNode alert(String s) {
        return JsonNodeFactory.instance.objectNode().put("v", s);
    }

    @Test
    void pastItsCapacityTheOldestAlertsAreDroppedAndCounted() {
        TargetOutbox box = new TargetOutbox(2);
        box.offer("a", alert("1"));
        box.offer("b", alert("1"));
        box.offer("c", alert("1"));
        assertEquals(2, box.waiting());
        assertEquals(1, box.dropped());
        assertEquals(List.of("b", "c"), List.copyOf(box.batch(T, 10).keySet()));
    }

    @Test
    void aFailingReceiverIsBackedOffDoublingUpToTheMaximumAndResetOnSuccess() {
        TargetOutbox box = new TargetOutbox(10);
        box.offer("a", alert("1"));
        assertEquals(Duration.ofSeconds(1), box.failed(T));
        assertTrue(box.batch(T.plusMillis(500), 10).isEmpty(), "backing off");
        assertFalse(box.batch(T.plusSeconds(1), 10).isEmpty());
        assertEquals(Duration.ofSeconds(2), box.failed(T));
        for (int i = 0; i < 10; i++) {
            box.failed(T);
        }
        assertEquals(TargetOutbox.MAX_BACKOFF, box.failed(T));
        assertTrue(box.failing());
        Map<String, ObjectNode> batch = box.batch(T.plus(TargetOutbox.MAX_BACKOFF), 10);
        box.delivered(batch);
        assertFalse(box.failing());
        assertEquals(0, box.waiting());
    }

    @Test
    void aNewerStateArrivingDuringAPostStaysToBeSent() {
        TargetOutbox box = new TargetOutbox(10);
        box.offer("a", alert("raised"));
        Map<String, ObjectNode> batch = box.batch(T, 10);
        box.offer("a", alert("cleared"));
        box.delivered(batch);
        assertEquals("cleared", box.batch(T, 10).get("a").get("v").asText());
    }
}
