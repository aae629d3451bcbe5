package io.numbat.platform.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.numbat.schemas.AlarmState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FiringSetTest {
    private static final Instant T = Instant.parse("2026-12-07T05:00:00Z");
    private static final Duration EVERY = Duration.ofSeconds(60);

    @Test
    void aFiringAlarmIsResentEveryPeriodUntilItClears() {
        FiringSet set = new FiringSet(EVERY, T);
        assertTrue(set.update(Alarms.forecast("a", AlarmState.RAISED, T), T).isPresent());
        assertEquals(0, set.due(T.plusSeconds(59)).size());
        assertEquals(1, set.due(T.plusSeconds(60)).size());
        assertEquals(0, set.due(T.plusSeconds(61)).size());
        assertEquals(1, set.due(T.plusSeconds(120)).size());
        assertEquals(1, set.firing());
    }

    @Test
    void aClearedAlarmIsSentAtOnceThenOnceMoreThenForgotten() {
        FiringSet set = new FiringSet(EVERY, T);
        set.update(Alarms.forecast("a", AlarmState.RAISED, T), T);
        FiringSet.Tracked cleared = set.update(Alarms.forecast("a", AlarmState.CLEARED, T.plusSeconds(10)), T)
                .orElseThrow();
        assertEquals(T, cleared.startsAt(), "the alert started with the raise");
        assertEquals(0, set.firing());
        assertEquals(1, set.due(T.plusSeconds(60)).size());
        assertEquals(0, set.due(T.plusSeconds(120)).size());
    }

    @Test
    void aRaiseAgainKeepsItsFirstStartWhileFiring() {
        FiringSet set = new FiringSet(EVERY, T);
        set.update(Alarms.forecast("a", AlarmState.RAISED, T), T);
        FiringSet.Tracked again = set.update(Alarms.forecast("a", AlarmState.RAISED, T.plusSeconds(30)), T)
                .orElseThrow();
        assertEquals(T, again.startsAt());
    }

    @Test
    void anOlderStateThanTheOneHeldIsIgnored() {
        FiringSet set = new FiringSet(EVERY, T);
        set.update(Alarms.forecast("a", AlarmState.CLEARED, T), T);
        assertTrue(set.update(Alarms.forecast("a", AlarmState.RAISED, T.minusSeconds(5)), T)
                .isEmpty());
    }

    @Test
    void anOldClearOfAnAlarmNeverSeenRaisedIsNotSent() {
        FiringSet set = new FiringSet(EVERY, T);
        Instant now = T.plus(FiringSet.STALE_CLEARED).plusSeconds(1);
        assertTrue(set.update(Alarms.forecast("a", AlarmState.CLEARED, T), now).isEmpty());
        assertTrue(set.update(Alarms.forecast("b", AlarmState.CLEARED, T.plusSeconds(10)), now)
                .isPresent());
    }
}
