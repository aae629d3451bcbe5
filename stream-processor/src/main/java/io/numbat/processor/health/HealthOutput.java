package io.numbat.processor.health;

import io.numbat.processor.bottleneck.BottleneckSignal;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.ExhaustionForecast;

/**
 * What the health rules emit: a forecast for {@code numbat.forecasts}, an alarm for {@code numbat.alarms},
 * a node's bottleneck signal for its family, or a node's anomaly scores for {@code numbat.anomaly-scores}.
 */
public record HealthOutput(ExhaustionForecast forecast, Alarm alarm, BottleneckSignal signal, AnomalyScores scores) {
    public static HealthOutput of(ExhaustionForecast f) {
        return new HealthOutput(f, null, null, null);
    }

    public static HealthOutput of(Alarm a) {
        return new HealthOutput(null, a, null, null);
    }

    public static HealthOutput of(BottleneckSignal s) {
        return new HealthOutput(null, null, s, null);
    }

    public static HealthOutput of(AnomalyScores s) {
        return new HealthOutput(null, null, null, s);
    }

    public boolean isScores() {
        return scores != null;
    }

    public boolean isForecast() {
        return forecast != null;
    }

    public boolean isSignal() {
        return signal != null;
    }

    /**
     * The Kafka key: {@code node/metric} for a forecast, the alarm id for an alarm, the family for a signal, the
     * node for scores.
     */
    public String key() {
        return isForecast()
                ? forecast.getNode() + "/" + forecast.getMetric()
                : isSignal() ? signal.family() : isScores() ? scores.getNode() : alarm.getId();
    }
}
