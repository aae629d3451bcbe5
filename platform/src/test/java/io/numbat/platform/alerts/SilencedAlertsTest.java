package io.numbat.platform.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numbat.agent.fleet.SimulatedClock;
import io.numbat.platform.alerts.AlertForwarderTest.FakeSink;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.Silence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Silenced alarms are not forwarded; a silence mutes an alarm already firing, whose clear still goes out. */
class SilencedAlertsTest {
    private static final Instant T = Instant.parse("2026-12-07T05:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration RESEND = Duration.ofSeconds(60);

    private final SimulatedClock clock = new SimulatedClock(T);
    private final FakeSink am = new FakeSink();
    private final AlertForwarder f = new AlertForwarder(
            List.of(new AlertForwarder.Receiver("am", AlertFormat.ALERTMANAGER, am, 100)),
            RESEND,
            Optional.empty(),
            clock);

    private static Alarm silenced(Alarm a, String silenceId) {
        return Alarm.newBuilder(a).setSilenced(true).setSilenceId(silenceId).build();
    }

    private static Silence webSilence(Instant from, Instant to) {
        return Silence.newBuilder()
                .setId("s-web")
                .setFamily("web")
                .setStartsAt(from)
                .setEndsAt(to)
                .setCreatedBy("ana")
                .setComment("deploying web")
                .setCreatedAt(from)
                .build();
    }

    @Test
    void aSilencedAlarmIsNotPostedNorResentAndNeitherIsItsClear() throws Exception {
        f.onAlarm(silenced(Alarms.forecast("a", AlarmState.RAISED, T), "s-unknown"));
        f.flush(WAIT);
        clock.advance(RESEND);
        f.flush(WAIT);
        f.onAlarm(silenced(Alarms.forecast("a", AlarmState.CLEARED, T.plusSeconds(61)), "s-unknown"));
        f.flush(WAIT);
        clock.advance(RESEND);
        f.flush(WAIT);
        assertEquals(0, am.posts.size(), "Alertmanager never hears of it");
        assertTrue(f.muted() >= 2);
    }

    @Test
    void aSilenceStartingWhileAnAlarmFiresMutesItAndItsClearStillGoesOut() throws Exception {
        f.onAlarm(Alarms.forecast("a", AlarmState.RAISED, T));
        f.flush(WAIT);
        assertEquals(1, am.posts.size());
        f.onSilence(webSilence(T.plusSeconds(10), T.plusSeconds(3600)));
        clock.advance(RESEND);
        f.flush(WAIT);
        assertEquals(1, am.posts.size(), "not re-sent while the silence is active");
        f.onAlarm(silenced(Alarms.forecast("a", AlarmState.CLEARED, T.plusSeconds(70)), "s-web"));
        f.flush(WAIT);
        assertEquals(2, am.posts.size(), "the clear of an alert Alertmanager has is never lost");
        assertNotEquals(
                "0001-01-01T00:00:00Z", am.posts.get(1).get(0).get("endsAt").asText());
    }

    @Test
    void aMutedAlarmFiresAgainWhenItsSilenceEndsBeforeIt() throws Exception {
        f.onSilence(webSilence(T, T.plusSeconds(90)));
        f.onAlarm(silenced(Alarms.forecast("a", AlarmState.RAISED, T.plusSeconds(1)), "s-web"));
        f.flush(WAIT);
        clock.advance(RESEND);
        f.flush(WAIT);
        assertEquals(0, am.posts.size(), "muted while the silence lasts");
        clock.advance(RESEND);
        f.flush(WAIT);
        assertEquals(1, am.posts.size(), "the silence ended at T+90s: the resend at T+120s fires it");
    }

    @Test
    void anEarlyExpiryEndsTheMute() throws Exception {
        Silence s = webSilence(T, T.plusSeconds(3600));
        f.onSilence(s);
        f.onAlarm(silenced(Alarms.forecast("a", AlarmState.RAISED, T.plusSeconds(1)), "s-web"));
        f.flush(WAIT);
        f.onSilence(Silence.newBuilder(s)
                .setExpiredAt(T.plusSeconds(30))
                .setExpiredBy("ana")
                .build());
        clock.advance(RESEND);
        f.flush(WAIT);
        assertEquals(1, am.posts.size());
    }
}
