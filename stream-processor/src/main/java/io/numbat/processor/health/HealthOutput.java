package io.numbat.processor.health;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.ExhaustionForecast;

/** What the health rules emit: a forecast for {@code numbat.forecasts} or an alarm for {@code numbat.alarms}. */
public record HealthOutput(ExhaustionForecast forecast, Alarm alarm) {
    public static HealthOutput of(ExhaustionForecast f) {
        return new HealthOutput(f, null);
    }

    public static HealthOutput of(Alarm a) {
        return new HealthOutput(null, a);
    }

    public boolean isForecast() {
        return forecast != null;
    }

    /** The Kafka key: {@code node/metric} for a forecast, the alarm id for an alarm. */
    public String key() {
        return isForecast() ? forecast.getNode() + "/" + forecast.getMetric() : alarm.getId();
    }
}
