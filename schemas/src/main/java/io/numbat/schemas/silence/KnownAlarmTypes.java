package io.numbat.schemas.silence;

import io.numbat.schemas.MetricId;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The alarm types the stream processor raises ({@code Alarm.type}), so a silence naming another one is refused: the
 * fixed ones (node down, long message queue, predicted exhaustion, anomaly, bottleneck) and the limit alarm of every
 * catalogued metric ({@code process_limit} for {@code process_count}, {@code memory} for {@code memory_total}, else
 * {@code <metric>_limit}), named as the processor's {@code AlarmTypes} names them (a processor test checks both agree).
 */
public final class KnownAlarmTypes {
    private static final Set<String> ALL = build();

    private KnownAlarmTypes() {}

    /** Every known type, sorted. */
    public static Set<String> all() {
        return ALL;
    }

    public static boolean isKnown(String type) {
        return ALL.contains(type);
    }

    private static Set<String> build() {
        TreeSet<String> out = new TreeSet<>(
                Set.of("node_down", "long_message_queue", "predicted_exhaustion", "anomaly", "bottleneck"));
        for (MetricId m : MetricId.values()) {
            out.add(
                    switch (m) {
                        case PROCESS_COUNT -> "process_limit";
                        case PORT_COUNT -> "port_limit";
                        case ATOM_COUNT -> "atom_limit";
                        case ETS_COUNT -> "ets_limit";
                        case MEMORY_TOTAL -> "memory";
                        default -> m.metricName() + "_limit";
                    });
        }
        return Collections.unmodifiableSortedSet(out);
    }
}
