package io.numbat.schemas;

import java.util.Optional;

/**
 * The catalogue of metric ids carried in {@link Sample#getMetric()}: a stable small integer per
 * metric keeps a {@link MetricBatch} compact. Ids are never reused; new metrics get new ids.
 * A consumer that meets an id it does not know keeps the sample and treats it as opaque. Ids from
 * 1000 up are application metrics without a name here (the simulator's extra metrics).
 */
public enum MetricId {
    // BEAM node (what WombatOAM collects)
    MEMORY_TOTAL(1, "memory_total", Kind.GAUGE, "bytes"),
    MEMORY_PROCESSES(2, "memory_processes", Kind.GAUGE, "bytes"),
    MEMORY_PROCESSES_USED(3, "memory_processes_used", Kind.GAUGE, "bytes"),
    MEMORY_SYSTEM(4, "memory_system", Kind.GAUGE, "bytes"),
    MEMORY_ATOM(5, "memory_atom", Kind.GAUGE, "bytes"),
    MEMORY_ATOM_USED(6, "memory_atom_used", Kind.GAUGE, "bytes"),
    MEMORY_BINARY(7, "memory_binary", Kind.GAUGE, "bytes"),
    MEMORY_CODE(8, "memory_code", Kind.GAUGE, "bytes"),
    MEMORY_ETS(9, "memory_ets", Kind.GAUGE, "bytes"),
    PROCESS_COUNT(10, "process_count", Kind.GAUGE, "processes"),
    PORT_COUNT(11, "port_count", Kind.GAUGE, "ports"),
    ATOM_COUNT(12, "atom_count", Kind.GAUGE, "atoms"),
    ETS_COUNT(13, "ets_count", Kind.GAUGE, "tables"),
    RUN_QUEUE(14, "run_queue", Kind.GAUGE, "processes"),
    REDUCTIONS(15, "reductions", Kind.COUNTER, "reductions"),
    CONTEXT_SWITCHES(16, "context_switches", Kind.COUNTER, "switches"),
    GC_COUNT(17, "gc_count", Kind.COUNTER, "collections"),
    GC_WORDS_RECLAIMED(18, "gc_words_reclaimed", Kind.COUNTER, "words"),
    IO_INPUT_BYTES(19, "io_input_bytes", Kind.COUNTER, "bytes"),
    IO_OUTPUT_BYTES(20, "io_output_bytes", Kind.COUNTER, "bytes"),
    SCHEDULER_UTILISATION(21, "scheduler_utilisation", Kind.GAUGE, "ratio"),
    UPTIME(22, "uptime", Kind.COUNTER, "seconds"),
    MAX_MESSAGE_QUEUE(23, "max_message_queue", Kind.GAUGE, "messages"),
    /** Values the agent could not read on this node so far (undefined, missing on an older OTP). */
    COLLECT_ERRORS(24, "collect_errors", Kind.COUNTER, "errors"),
    // host (per core, filesystem and interface as sub-nodes <host>/cpu:N, <host>/fs:MOUNT, <host>/net:IF)
    HOST_CPU(100, "host_cpu", Kind.GAUGE, "ratio"),
    HOST_MEMORY_USED(101, "host_memory_used", Kind.GAUGE, "bytes"),
    HOST_LOAD_1(102, "host_load_1", Kind.GAUGE, "processes"),
    HOST_LOAD_5(103, "host_load_5", Kind.GAUGE, "processes"),
    HOST_LOAD_15(104, "host_load_15", Kind.GAUGE, "processes"),
    HOST_MEMORY_TOTAL(105, "host_memory_total", Kind.GAUGE, "bytes"),
    HOST_SWAP_USED(106, "host_swap_used", Kind.GAUGE, "bytes"),
    HOST_SWAP_TOTAL(107, "host_swap_total", Kind.GAUGE, "bytes"),
    HOST_FS_USED(108, "host_fs_used", Kind.GAUGE, "bytes"),
    HOST_FS_TOTAL(109, "host_fs_total", Kind.GAUGE, "bytes"),
    HOST_NET_BYTES_IN(110, "host_net_bytes_in", Kind.COUNTER, "bytes"),
    HOST_NET_BYTES_OUT(111, "host_net_bytes_out", Kind.COUNTER, "bytes"),
    HOST_NET_ERRORS_IN(112, "host_net_errors_in", Kind.COUNTER, "errors"),
    HOST_NET_ERRORS_OUT(113, "host_net_errors_out", Kind.COUNTER, "errors"),
    HOST_OPEN_FDS(114, "host_open_fds", Kind.GAUGE, "descriptors"),
    HOST_MAX_FDS(115, "host_max_fds", Kind.GAUGE, "descriptors"),
    // JVM
    JVM_HEAP_USED(200, "jvm_heap_used", Kind.GAUGE, "bytes"),
    JVM_HEAP_MAX(201, "jvm_heap_max", Kind.GAUGE, "bytes"),
    JVM_NON_HEAP_USED(202, "jvm_non_heap_used", Kind.GAUGE, "bytes"),
    JVM_GC_COUNT(203, "jvm_gc_count", Kind.COUNTER, "collections"),
    JVM_GC_TIME(204, "jvm_gc_time", Kind.COUNTER, "milliseconds"),
    JVM_THREADS(205, "jvm_threads", Kind.GAUGE, "threads"),
    JVM_CLASSES_LOADED(206, "jvm_classes_loaded", Kind.GAUGE, "classes"),
    // the agent's own health
    AGENT_SPOOL_BYTES(300, "agent_spool_bytes", Kind.GAUGE, "bytes"),
    AGENT_SPOOL_PENDING(301, "agent_spool_pending", Kind.GAUGE, "batches"),
    AGENT_SPOOL_DROPPED(302, "agent_spool_dropped", Kind.COUNTER, "batches"),
    AGENT_BATCHES_SENT(303, "agent_batches_sent", Kind.COUNTER, "batches"),
    AGENT_SEND_ERRORS(304, "agent_send_errors", Kind.COUNTER, "errors"),
    AGENT_SAMPLES(305, "agent_samples", Kind.COUNTER, "samples");

    /** Whether a value is a level (gauge) or a running total (counter, rates are derived). */
    public enum Kind {
        GAUGE,
        COUNTER
    }

    /** Every metric by its id (ids are small): a lookup per sample without boxing the id. */
    private static final MetricId[] BY_ID;

    static {
        int max = 0;
        for (MetricId m : values()) {
            max = Math.max(max, m.id);
        }
        BY_ID = new MetricId[max + 1];
        for (MetricId m : values()) {
            if (BY_ID[m.id] != null) {
                throw new IllegalStateException("duplicate metric id " + m.id);
            }
            BY_ID[m.id] = m;
        }
    }

    private static MetricId find(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    private final int id;
    private final String metricName;
    private final Kind kind;
    private final String unit;

    MetricId(int id, String metricName, Kind kind, String unit) {
        this.id = id;
        this.metricName = metricName;
        this.kind = kind;
        this.unit = unit;
    }

    public int id() {
        return id;
    }

    /** The snake_case name used in alarms, the console and the README. */
    public String metricName() {
        return metricName;
    }

    public Kind kind() {
        return kind;
    }

    public String unit() {
        return unit;
    }

    public static Optional<MetricId> byId(int id) {
        return Optional.ofNullable(find(id));
    }

    /** Whether the metric of this id is a counter; false for an id this build does not know. */
    public static boolean isCounter(int id) {
        MetricId m = find(id);
        return m != null && m.kind() == Kind.COUNTER;
    }

    /** The name for an id, or {@code metric_<id>} for an id this build does not know. */
    public static String nameOf(int id) {
        MetricId m = find(id);
        return m == null ? "metric_" + id : m.metricName;
    }
}
