package io.numbat.processor.alarm;

import io.numbat.schemas.MetricId;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** WombatOAM's alarm names, as they appear in {@code Alarm.type}. */
public final class AlarmTypes {
    public static final String NODE_DOWN = "node_down";
    public static final String LONG_MESSAGE_QUEUE = "long_message_queue";
    public static final String PREDICTED_EXHAUSTION = "predicted_exhaustion";
    public static final String ANOMALY = "anomaly";
    /** A process (or process type) that is the node's bottleneck: its evidence names it (issue 14). */
    public static final String BOTTLENECK = "bottleneck";

    private AlarmTypes() {}

    /** {@link #limitAlarm} of the catalogue's ids, computed once: it is asked for every limited sample. */
    private static final Map<Integer, String> LIMIT_ALARMS = Arrays.stream(MetricId.values())
            .collect(Collectors.toUnmodifiableMap(MetricId::id, m -> nameLimitAlarm(m.id())));

    /** The limit alarm of a metric that has a limit: process_limit for process_count, and so on. */
    public static String limitAlarm(int metric) {
        String known = LIMIT_ALARMS.get(metric);
        return known != null ? known : nameLimitAlarm(metric);
    }

    private static String nameLimitAlarm(int metric) {
        return MetricId.byId(metric)
                .map(m -> switch (m) {
                    case PROCESS_COUNT -> "process_limit";
                    case PORT_COUNT -> "port_limit";
                    case ATOM_COUNT -> "atom_limit";
                    case ETS_COUNT -> "ets_limit";
                    case MEMORY_TOTAL -> "memory";
                    default -> m.metricName() + "_limit";
                })
                .orElse("metric_" + metric + "_limit");
    }

    /** The id shared by an alarm's raise and clear: node, type and, where it matters, the metric. */
    public static String id(String node, String type, Integer metric) {
        return metric == null ? node + "/" + type : node + "/" + type + "/" + MetricId.nameOf(metric);
    }
}
