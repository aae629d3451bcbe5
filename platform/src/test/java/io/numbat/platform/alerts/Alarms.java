package io.numbat.platform.alerts;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Severity;
import java.time.Instant;

/** Alarms for the tests. */
final class Alarms {
    private Alarms() {}

    static Alarm forecast(String id, AlarmState state, Instant at) {
        return Alarm.newBuilder()
                .setId(id)
                .setNode("web-1@sim")
                .setFamily("web")
                .setType("predicted_exhaustion")
                .setState(state)
                .setSeverity(Severity.MAJOR)
                .setTimestamp(at)
                .setCause("process count will reach its limit")
                .setMetric(MetricId.values()[0].id())
                .setValue(950.0)
                .setLimit(1000.0)
                .setSecondsToExhaustion(250.0)
                .build();
    }
}
