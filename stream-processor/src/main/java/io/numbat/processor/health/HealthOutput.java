package io.numbat.processor.health;

import io.numbat.processor.bottleneck.BottleneckSignal;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.ExhaustionForecast;

/**
 * What the health rules emit: a forecast for {@code numbat.forecasts}, an alarm for {@code numbat.alarms},
 * or a node's bottleneck signal for its family.
 */
public record HealthOutput(ExhaustionForecast forecast, Alarm alarm, BottleneckSignal signal) {
    public static HealthOutput of(ExhaustionForecast f) {
        return new HealthOutput(f, null, null);
    }

    public static HealthOutput of(Alarm a) {
        return new HealthOutput(null, a, null);
    }

    public static HealthOutput of(BottleneckSignal s) {
        return new HealthOutput(null, null, s);
    }

    public boolean isForecast() {
        return forecast != null;
    }

    public boolean isSignal() {
        return signal != null;
    }

    /** The Kafka key: {@code node/metric} for a forecast, the alarm id for an alarm, the family for a signal. */
    public String key() {
        return isForecast()
                ? forecast.getNode() + "/" + forecast.getMetric()
                : isSignal() ? signal.family() : alarm.getId();
    }
}
