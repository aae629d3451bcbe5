package io.numbat.platform.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.numbat.platform.alerts.AlarmForwarding;
import java.util.function.ToDoubleFunction;

/**
 * The alert forwarder's series: {@code numbat_alerts_firing} (alarms firing, as it knows them), per receiver
 * ({@code receiver="alertmanager URL"} or {@code "webhook URL"}) the alerts it accepted, those waiting for it, those
 * dropped for it past {@code --max-waiting} and the failed posts, the unreadable alarm records, and its consumer's
 * Kafka client metrics.
 */
public final class AlertsMeters {
    private AlertsMeters() {}

    public static void bind(ComponentMetrics metrics, AlarmForwarding forwarding) {
        MeterRegistry r = metrics.registry();
        Gauge.builder("numbat.alerts.firing", forwarding, f -> f.stats().firing())
                .description("Alarms firing, as the forwarder knows them from numbat.alarms")
                .register(r);
        FunctionCounter.builder(
                        "numbat.alerts.records.unreadable",
                        forwarding,
                        f -> f.stats().unreadable())
                .description("Records of numbat.alarms that could not be read (skipped)")
                .register(r);
        for (AlarmForwarding.ReceiverStats receiver : forwarding.stats().receivers()) {
            String name = receiver.receiver();
            counter(r, forwarding, name, "numbat.alerts.sent", "Alerts the receiver accepted", s -> s.sent());
            counter(
                    r,
                    forwarding,
                    name,
                    "numbat.alerts.dropped",
                    "Alerts dropped for the receiver, the oldest first, past --max-waiting while it was unreachable",
                    s -> s.dropped());
            counter(
                    r,
                    forwarding,
                    name,
                    "numbat.alerts.post.failures",
                    "Posts to the receiver that failed (retried with back-off)",
                    s -> s.failures());
            Gauge.builder("numbat.alerts.waiting", forwarding, f -> value(f, name, s -> s.waiting()))
                    .description("Alerts waiting for the receiver")
                    .tag("receiver", name)
                    .register(r);
        }
        metrics.kafka(forwarding.consumer());
    }

    private static void counter(
            MeterRegistry r,
            AlarmForwarding forwarding,
            String receiver,
            String name,
            String description,
            ToDoubleFunction<AlarmForwarding.ReceiverStats> value) {
        FunctionCounter.builder(name, forwarding, f -> value(f, receiver, value))
                .description(description)
                .tag("receiver", receiver)
                .register(r);
    }

    private static double value(
            AlarmForwarding f, String receiver, ToDoubleFunction<AlarmForwarding.ReceiverStats> value) {
        for (AlarmForwarding.ReceiverStats s : f.stats().receivers()) {
            if (s.receiver().equals(receiver)) {
                return value.applyAsDouble(s);
            }
        }
        return 0;
    }
}
