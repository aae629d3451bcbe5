package io.numbat.platform.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.agent.fleet.SimulatedClock;
import io.numbat.schemas.AlarmState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

class AlertForwarderTest {
    private static final Instant T = Instant.parse("2026-12-07T05:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A receiver that records what it is posted, and refuses while {@code down}. */
    static final class FakeSink implements AlertSink {
        final List<JsonNode> posts = new ArrayList<>();
        boolean down;

        @Override
        public CompletableFuture<Void> post(String json) {
            if (down) {
                return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
            }
            try {
                posts.add(JSON.readTree(json));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void everyAlertmanagerGetsEveryAlertAndOneDownDoesNotStopTheOther() throws Exception {
        SimulatedClock clock = new SimulatedClock(T);
        FakeSink am1 = new FakeSink();
        FakeSink am2 = new FakeSink();
        am2.down = true;
        AlertForwarder f = new AlertForwarder(
                List.of(
                        new AlertForwarder.Receiver("am1", AlertFormat.ALERTMANAGER, am1, 100),
                        new AlertForwarder.Receiver("am2", AlertFormat.ALERTMANAGER, am2, 100)),
                Duration.ofSeconds(60),
                Optional.empty(),
                clock);
        f.onAlarm(Alarms.forecast("a", AlarmState.RAISED, T));
        f.flush(WAIT);
        assertEquals(1, am1.posts.size());
        assertEquals(
                "predicted_exhaustion",
                am1.posts.get(0).get(0).get("labels").get("alertname").asText());
        assertEquals(1, f.receivers().get(1).outbox().waiting(), "kept for the Alertmanager that is down");

        clock.advance(Duration.ofMillis(500));
        f.flush(WAIT);
        assertEquals(1, am1.posts.size(), "nothing new, no resend due yet");

        am2.down = false;
        clock.advance(Duration.ofSeconds(1));
        f.onAlarm(Alarms.forecast("a", AlarmState.CLEARED, T.plusSeconds(2)));
        f.flush(WAIT);
        assertEquals(1, am2.posts.size(), "back: gets the alarm's latest state");
        assertTrue(am2.posts.get(0).get(0).has("endsAt"));
        assertEquals(2, am1.posts.size());
        assertEquals(0, f.receivers().get(1).outbox().waiting());
    }

    @Test
    void firingAlarmsAreResentAndClearedOnesOnceMore() throws Exception {
        SimulatedClock clock = new SimulatedClock(T);
        FakeSink am = new FakeSink();
        AlertForwarder f = new AlertForwarder(
                List.of(new AlertForwarder.Receiver("am", AlertFormat.ALERTMANAGER, am, 100)),
                Duration.ofSeconds(60),
                Optional.empty(),
                clock);
        f.onAlarm(Alarms.forecast("a", AlarmState.RAISED, T));
        f.onAlarm(Alarms.forecast("b", AlarmState.RAISED, T));
        f.onAlarm(Alarms.forecast("b", AlarmState.CLEARED, T));
        f.flush(WAIT);
        assertEquals(2, am.posts.get(0).size());
        clock.advance(Duration.ofSeconds(60));
        f.flush(WAIT);
        assertEquals(2, am.posts.get(1).size(), "a firing, b cleared once more");
        clock.advance(Duration.ofSeconds(60));
        f.flush(WAIT);
        assertEquals(1, am.posts.get(2).size(), "b forgotten");
        assertEquals(1, f.firing());
    }

    @Test
    void aWebhookGetsAlertmanagersWebhookPayload() throws Exception {
        FakeSink hook = new FakeSink();
        AlertForwarder f = new AlertForwarder(
                List.of(new AlertForwarder.Receiver("hook", AlertFormat.WEBHOOK, hook, 100)),
                Duration.ofSeconds(60),
                Optional.of("http://console:8080"),
                new SimulatedClock(T));
        f.onAlarm(Alarms.forecast("a", AlarmState.RAISED, T));
        f.flush(WAIT);
        JsonNode p = hook.posts.get(0);
        assertEquals("4", p.get("version").asText());
        assertEquals("firing", p.get("status").asText());
        assertEquals("numbat", p.get("receiver").asText());
        assertEquals("http://console:8080", p.get("externalURL").asText());
        assertEquals("web", p.get("commonLabels").get("family").asText());
        assertTrue(p.has("groupLabels") && p.has("commonAnnotations") && p.has("groupKey"));
        JsonNode a = p.get("alerts").get(0);
        assertEquals("firing", a.get("status").asText());
        assertEquals("0001-01-01T00:00:00Z", a.get("endsAt").asText());
        assertEquals(16, a.get("fingerprint").asText().length());
        assertEquals(
                "http://console:8080/#/node/web-1%40sim", a.get("generatorURL").asText());
    }
    /** The forwarder's log lines while {@code body} runs. */
    private static List<String> logged(ThrowingRunnable body) throws Exception {
        List<String> lines = new ArrayList<>();
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        org.apache.logging.log4j.core.Logger logger =
                ((LoggerContext) LogManager.getContext(false)).getLogger(AlertForwarder.class.getName());
        logger.addAppender(capture);
        try {
            body.run();
        } finally {
            logger.removeAppender(capture);
            capture.stop();
        }
        return lines;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void alertsDroppedForAnUnreachableReceiverAreCountedAndLoggedNeverSilently() throws Exception {
        SimulatedClock clock = new SimulatedClock(T);
        FakeSink am = new FakeSink();
        am.down = true;
        AlertForwarder f = new AlertForwarder(
                List.of(new AlertForwarder.Receiver("am", AlertFormat.ALERTMANAGER, am, 2)),
                Duration.ofSeconds(600),
                Optional.empty(),
                clock);
        List<String> first = logged(() -> {
            for (String id : List.of("a", "b", "c")) {
                f.onAlarm(Alarms.forecast(id, AlarmState.RAISED, T));
            }
            f.flush(WAIT);
        });
        assertEquals(1, f.receivers().get(0).outbox().dropped());
        assertTrue(
                first.stream()
                        .anyMatch(l -> l.contains("am: dropped 1 alerts") && l.contains("past the 2 it may keep")),
                first.toString());

        List<String> soon = logged(() -> {
            clock.advance(Duration.ofSeconds(2));
            f.onAlarm(Alarms.forecast("d", AlarmState.RAISED, T));
            f.onAlarm(Alarms.forecast("e", AlarmState.RAISED, T));
            f.flush(WAIT);
        });
        assertEquals(3, f.receivers().get(0).outbox().dropped());
        assertTrue(soon.stream().noneMatch(l -> l.contains("dropped 2 alerts")), "at most once a minute: " + soon);

        am.down = false;
        List<String> later = logged(() -> {
            clock.advance(Duration.ofSeconds(61));
            f.flush(WAIT);
        });
        assertTrue(
                later.stream().anyMatch(l -> l.contains("am: dropped 2 alerts") && l.contains("3 dropped so far")),
                later.toString());
        assertTrue(
                later.stream().anyMatch(l -> l.contains("answers again") && l.contains("3 alerts dropped so far")),
                later.toString());
        assertEquals(2, am.posts.get(0).size(), "the two latest alerts reach it once it answers");
    }
}
