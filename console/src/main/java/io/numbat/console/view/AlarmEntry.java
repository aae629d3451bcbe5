package io.numbat.console.view;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;

/** A raised alarm and the acknowledgement that applies to it, if any. */
public record AlarmEntry(Alarm alarm, AlarmAck ack) {

    /** Whether an operator acknowledged this raise of the alarm. */
    public boolean acknowledged() {
        return ack != null && ack.getAcknowledged();
    }

    /** Whether {@code ack} belongs to {@code alarm}: it names this raise, or no raise in particular. */
    static boolean applies(AlarmAck ack, Alarm alarm) {
        return ack != null
                && (ack.getAlarmTimestamp() == null || ack.getAlarmTimestamp().equals(alarm.getTimestamp()));
    }
}
