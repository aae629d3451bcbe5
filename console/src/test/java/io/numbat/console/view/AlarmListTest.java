package io.numbat.console.view;

import static io.numbat.console.Fixtures.ack;
import static io.numbat.console.Fixtures.cleared;
import static io.numbat.console.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmListTest {
    private static final long NOW = 1_800_000_000_000L;
    private final AlarmList alarms = new AlarmList(100);

    @Test
    void raisedAlarmsAreLiveUntilCleared() {
        assertThat(alarms.onAlarm(raised("a@sim", "web", "process_limit", Severity.MINOR, NOW)))
                .isEqualTo(AlarmChange.RAISED);
        assertThat(alarms.onAlarm(raised("a@sim", "web", "process_limit", Severity.MAJOR, NOW + 1)))
                .isEqualTo(AlarmChange.RAISED);
        assertThat(alarms.size()).isEqualTo(1);
        assertThat(alarms.find("a@sim/process_limit").orElseThrow().alarm().getSeverity())
                .isEqualTo(Severity.MAJOR);
        assertThat(alarms.onAlarm(cleared("a@sim", "web", "process_limit", NOW + 2)))
                .isEqualTo(AlarmChange.CLEARED);
        assertThat(alarms.onAlarm(cleared("a@sim", "web", "process_limit", NOW + 3)))
                .isEqualTo(AlarmChange.NONE);
        assertThat(alarms.size()).isZero();
    }

    @Test
    void anAcknowledgementAppliesToTheRaiseItNamesOnly() {
        Alarm a = raised("a@sim", "web", "memory", Severity.MINOR, NOW);
        alarms.onAlarm(a);
        assertThat(alarms.onAck(ack(a, true, NOW + 10))).isEqualTo(AlarmChange.ACKED);
        assertThat(alarms.onAck(ack(a, true, NOW + 11))).isEqualTo(AlarmChange.NONE);
        assertThat(alarms.find(a.getId()).orElseThrow().acknowledged()).isTrue();
        assertThat(alarms.onAck(ack(a, false, NOW + 12))).isEqualTo(AlarmChange.UNACKED);
        assertThat(alarms.find(a.getId()).orElseThrow().acknowledged()).isFalse();
        alarms.onAck(ack(a, true, NOW + 13));
        alarms.onAlarm(raised("a@sim", "web", "memory", Severity.CRITICAL, NOW + 20)); // a new severity: look again
        assertThat(alarms.find(a.getId()).orElseThrow().acknowledged()).isFalse();
    }

    @Test
    void anAcknowledgementReadBeforeItsAlarmStillApplies() {
        Alarm a = raised("a@sim", "web", "memory", Severity.MINOR, NOW);
        assertThat(alarms.onAck(ack(a, true, NOW + 10))).isEqualTo(AlarmChange.NONE);
        alarms.onAlarm(a);
        assertThat(alarms.find(a.getId()).orElseThrow().acknowledged()).isTrue();
    }

    @Test
    void filtersAndOrdersWorstAndNewestFirst() {
        alarms.onAlarm(raised("a@sim", "web", "memory", Severity.MINOR, NOW));
        alarms.onAlarm(raised("b@sim", "web", "process_limit", Severity.CRITICAL, NOW));
        alarms.onAlarm(raised("c@sim", "db", "atom_limit", Severity.MINOR, NOW + 5));
        Alarm acked = raised("d@sim", "db", "memory", Severity.CRITICAL, NOW + 9);
        alarms.onAlarm(acked);
        alarms.onAck(ack(acked, true, NOW + 10));
        assertThat(alarms.list(null, null, null))
                .extracting(e -> e.alarm().getId())
                .containsExactly("d@sim/memory", "b@sim/process_limit", "c@sim/atom_limit", "a@sim/memory");
        assertThat(alarms.list(Severity.MINOR, "web", null))
                .extracting(e -> e.alarm().getId())
                .containsExactly("a@sim/memory");
        assertThat(alarms.list(null, null, "c@sim")).hasSize(1);
        assertThat(alarms.top(2))
                .extracting(e -> e.alarm().getId())
                .containsExactly("b@sim/process_limit", "c@sim/atom_limit");
        assertThat(alarms.worstByNode())
                .containsEntry("b@sim", Severity.CRITICAL)
                .containsEntry("a@sim", Severity.MINOR);
        assertThat(alarms.counts()).containsEntry(Severity.CRITICAL, Map.of("memory", 1, "process_limit", 1));
        assertThat(alarms.hasFamily("db")).isTrue();
        assertThat(alarms.hasNode("x@sim")).isFalse();
    }

    @Test
    void isBoundedAndCountsWhatItDrops() {
        AlarmList small = new AlarmList(2);
        small.onAlarm(raised("a", "f", "memory", Severity.MINOR, NOW));
        small.onAlarm(raised("b", "f", "memory", Severity.MINOR, NOW));
        assertThat(small.onAlarm(raised("c", "f", "memory", Severity.MINOR, NOW)))
                .isEqualTo(AlarmChange.NONE);
        assertThat(small.onAlarm(raised("a", "f", "memory", Severity.MAJOR, NOW)))
                .isEqualTo(AlarmChange.RAISED);
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.dropped()).isEqualTo(1);
    }
}
