package io.numbat.platform.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.numbat.platform.alerts.AlarmForwarding;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The alert forwarder's series: {@code numbat_alerts_firing} (alarms firing, as it knows them), per receiver
 * ({@code receiver="alertmanager URL"} or {@code "webhook URL"}) the alerts it accepted, those waiting for it, those
 * dropped for it past {@code --max-waiting} and the failed posts, the unreadable records, the sends held back by
 * silences ({@code numbat_alerts_muted_total}), and its consumer's Kafka client metrics.
 */
public final class AlertsMeters {
    private AlertsMeters() {}

    public static void bind(ComponentMetrics metrics, AlarmForwarding forwarding) {
        bind(metrics, forwarding, AlarmForwarding::stats);
        metrics.kafka(forwarding.consumer());
    }

    /**
     * The forwarder's own series, from the {@code stats} of {@code owner} (its receivers are those it has now: they
     * never change). Micrometer holds {@code owner} weakly: whoever runs the forwarding keeps it.
     */
    static <T> void bind(ComponentMetrics metrics, T owner, Function<T, AlarmForwarding.Stats> stats) {
        MeterRegistry r = metrics.registry();
        Gauge.builder("numbat.alerts.firing", owner, f -> stats.apply(f).firing())
                .description("Alarms firing, as the forwarder knows them from numbat.alarms")
                .register(r);
        FunctionCounter.builder(
                        "numbat.alerts.records.unreadable",
                        owner,
                        f -> stats.apply(f).unreadable())
                .description("Records of numbat.alarms and numbat.silences that could not be read (skipped)")
                .register(r);
        FunctionCounter.builder(
                        "numbat.alerts.muted", owner, f -> stats.apply(f).muted())
                .description("Sends and resends of firing alarms held back because a silence covers them")
                .register(r);
        for (AlarmForwarding.ReceiverStats receiver : stats.apply(owner).receivers()) {
            String name = receiver.receiver();
            counter(r, owner, stats, name, "numbat.alerts.sent", "Alerts the receiver accepted", s -> s.sent());
            counter(
                    r,
                    owner,
                    stats,
                    name,
                    "numbat.alerts.dropped",
                    "Alerts dropped for the receiver, the oldest first, past --max-waiting while it was unreachable",
                    s -> s.dropped());
            counter(
                    r,
                    owner,
                    stats,
                    name,
                    "numbat.alerts.post.failures",
                    "Posts to the receiver that failed (retried with back-off)",
                    s -> s.failures());
            Gauge.builder("numbat.alerts.waiting", owner, f -> value(stats.apply(f), name, s -> s.waiting()))
                    .description("Alerts waiting for the receiver")
                    .tag("receiver", name)
                    .register(r);
        }
    }

    private static <T> void counter(
            MeterRegistry r,
            T owner,
            Function<T, AlarmForwarding.Stats> stats,
            String receiver,
            String name,
            String description,
            ToDoubleFunction<AlarmForwarding.ReceiverStats> value) {
        FunctionCounter.builder(name, owner, f -> value(stats.apply(f), receiver, value))
                .description(description)
                .tag("receiver", receiver)
                .register(r);
    }

    private static double value(
            AlarmForwarding.Stats stats, String receiver, ToDoubleFunction<AlarmForwarding.ReceiverStats> value) {
        for (AlarmForwarding.ReceiverStats s : stats.receivers()) {
            if (s.receiver().equals(receiver)) {
                return value.applyAsDouble(s);
            }
        }
        return 0;
    }
}
