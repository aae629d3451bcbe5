package io.numbat.agent.scrape;

import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mapping table from the BEAM series that prometheus.erl ({@code erlang_vm_*}), PromEx ({@code <app>_prom_ex_beam_*},
 * any prefix ending in {@code beam_}) and telemetry_metrics_prometheus with telemetry_poller's VM measurements
 * ({@code vm_*}) expose onto Numbat's metric catalogue ({@link MetricId}), limits included. A rule names a series and,
 * optionally, one label value; all series a rule matches are added up (prometheus.erl splits total memory by
 * {@code kind}, PromEx the run queue by {@code type}). The first rule that finds a series for a metric wins, so a
 * newer and an older name of the same series never count twice. Series that map to nothing are ignored; values that
 * are NaN or infinite are skipped. Documented in docs/scrape.md.
 */
public final class BeamSeries {
    private static final Pattern PROM_EX = Pattern.compile("(?:.*_)?beam_(.+)");

    /** One row of the table: series name, an optional label=value, the metric, a factor, and whether it is a limit. */
    record Rule(String series, String label, String value, MetricId metric, double factor, boolean limit) {
        boolean matches(String name, PrometheusSample s) {
            return series.equals(name) && (label == null || value.equals(s.label(label)));
        }
    }

    /** Samples and limits (keyed by the limited metric's id) for one batch. */
    public record Mapped(List<Sample> samples, List<Sample> limits) {
        public boolean isEmpty() {
            return samples.isEmpty() && limits.isEmpty();
        }
    }

    /** prometheus.erl's collectors (vm_memory, vm_system_info, vm_statistics). */
    static final List<Rule> PROMETHEUS_ERL = List.of(
            g("erlang_vm_memory_bytes_total", MetricId.MEMORY_TOTAL),
            g("erlang_vm_memory_processes_bytes_total", MetricId.MEMORY_PROCESSES),
            g("erlang_vm_memory_processes_bytes_total", "usage", "used", MetricId.MEMORY_PROCESSES_USED),
            g("erlang_vm_memory_system_bytes_total", MetricId.MEMORY_SYSTEM),
            g("erlang_vm_memory_atom_bytes_total", MetricId.MEMORY_ATOM),
            g("erlang_vm_memory_atom_bytes_total", "usage", "used", MetricId.MEMORY_ATOM_USED),
            g("erlang_vm_memory_system_bytes_total", "usage", "binary", MetricId.MEMORY_BINARY),
            g("erlang_vm_memory_system_bytes_total", "usage", "code", MetricId.MEMORY_CODE),
            g("erlang_vm_memory_system_bytes_total", "usage", "ets", MetricId.MEMORY_ETS),
            g("erlang_vm_process_count", MetricId.PROCESS_COUNT),
            limit("erlang_vm_process_limit", MetricId.PROCESS_COUNT),
            g("erlang_vm_port_count", MetricId.PORT_COUNT),
            limit("erlang_vm_port_limit", MetricId.PORT_COUNT),
            g("erlang_vm_atom_count", MetricId.ATOM_COUNT),
            limit("erlang_vm_atom_limit", MetricId.ATOM_COUNT),
            g("erlang_vm_memory_ets_tables", MetricId.ETS_COUNT),
            g("erlang_vm_ets_tables", MetricId.ETS_COUNT),
            limit("erlang_vm_ets_limit", MetricId.ETS_COUNT),
            g("erlang_vm_statistics_run_queues_length_total", MetricId.RUN_QUEUE),
            g("erlang_vm_statistics_run_queues_length", MetricId.RUN_QUEUE),
            g("erlang_vm_statistics_reductions_total", MetricId.REDUCTIONS),
            g("erlang_vm_statistics_context_switches", MetricId.CONTEXT_SWITCHES),
            g("erlang_vm_statistics_context_switches_total", MetricId.CONTEXT_SWITCHES),
            g("erlang_vm_statistics_garbage_collection_number_of_gcs", MetricId.GC_COUNT),
            g("erlang_vm_statistics_garbage_collection_words_reclaimed", MetricId.GC_WORDS_RECLAIMED),
            g("erlang_vm_statistics_bytes_received_total", MetricId.IO_INPUT_BYTES),
            g("erlang_vm_statistics_bytes_output_total", MetricId.IO_OUTPUT_BYTES),
            new Rule("erlang_vm_statistics_wallclock_time_milliseconds", null, null, MetricId.UPTIME, 0.001, false));

    /** PromEx's Beam plugin, by the part of the name after {@code beam_} (the prefix is the application's). */
    static final List<Rule> PROM_EX_BEAM = List.of(
            g("memory_allocated_bytes", MetricId.MEMORY_TOTAL),
            g("memory_processes_total_bytes", MetricId.MEMORY_PROCESSES),
            g("memory_system_total_bytes", MetricId.MEMORY_SYSTEM),
            g("memory_atom_total_bytes", MetricId.MEMORY_ATOM),
            g("memory_binary_total_bytes", MetricId.MEMORY_BINARY),
            g("memory_code_total_bytes", MetricId.MEMORY_CODE),
            g("memory_ets_total_bytes", MetricId.MEMORY_ETS),
            g("stats_process_count", MetricId.PROCESS_COUNT),
            limit("system_process_limit_info", MetricId.PROCESS_COUNT),
            g("stats_port_count", MetricId.PORT_COUNT),
            limit("system_port_limit_info", MetricId.PORT_COUNT),
            g("stats_atom_count", MetricId.ATOM_COUNT),
            limit("system_atom_limit_info", MetricId.ATOM_COUNT),
            g("stats_ets_count", MetricId.ETS_COUNT),
            limit("system_ets_limit_info", MetricId.ETS_COUNT),
            g("stats_run_queue_count", MetricId.RUN_QUEUE),
            g("stats_reduction_count", MetricId.REDUCTIONS),
            g("stats_context_switch_count", MetricId.CONTEXT_SWITCHES),
            g("stats_gc_count", MetricId.GC_COUNT),
            g("stats_port_io_byte_count", "type", "input", MetricId.IO_INPUT_BYTES),
            g("stats_port_io_byte_count", "type", "output", MetricId.IO_OUTPUT_BYTES),
            new Rule("stats_uptime_milliseconds_count", null, null, MetricId.UPTIME, 0.001, false));

    /** telemetry_metrics_prometheus with telemetry_poller's default VM measurements ({@code last_value("vm.memory.total")}). */
    static final List<Rule> TELEMETRY_VM = List.of(
            g("vm_memory_total", MetricId.MEMORY_TOTAL),
            g("vm_memory_processes", MetricId.MEMORY_PROCESSES),
            g("vm_memory_processes_used", MetricId.MEMORY_PROCESSES_USED),
            g("vm_memory_system", MetricId.MEMORY_SYSTEM),
            g("vm_memory_atom", MetricId.MEMORY_ATOM),
            g("vm_memory_atom_used", MetricId.MEMORY_ATOM_USED),
            g("vm_memory_binary", MetricId.MEMORY_BINARY),
            g("vm_memory_code", MetricId.MEMORY_CODE),
            g("vm_memory_ets", MetricId.MEMORY_ETS),
            g("vm_system_counts_process_count", MetricId.PROCESS_COUNT),
            g("vm_system_counts_port_count", MetricId.PORT_COUNT),
            g("vm_system_counts_atom_count", MetricId.ATOM_COUNT),
            g("vm_total_run_queue_lengths_total", MetricId.RUN_QUEUE));

    private BeamSeries() {}

    private static Rule g(String series, MetricId metric) {
        return new Rule(series, null, null, metric, 1, false);
    }

    private static Rule g(String series, String label, String value, MetricId metric) {
        return new Rule(series, label, value, metric, 1, false);
    }

    private static Rule limit(String series, MetricId metric) {
        return new Rule(series, null, null, metric, 1, true);
    }

    /**
     * Maps one scrape. {@code select}: label values a series must have when it carries that label (the target's
     * {@code labels}, to pick one application or node out of several on one endpoint); series without the label
     * are kept.
     */
    public static Mapped map(List<PrometheusSample> scraped, Map<String, String> select) {
        Map<MetricId, Double> samples = new LinkedHashMap<>();
        Map<MetricId, Double> limits = new LinkedHashMap<>();
        for (List<Rule> table : List.of(PROMETHEUS_ERL, PROM_EX_BEAM, TELEMETRY_VM)) {
            for (Rule rule : table) {
                Map<MetricId, Double> into = rule.limit() ? limits : samples;
                if (into.containsKey(rule.metric())) {
                    continue;
                }
                double sum = 0;
                boolean found = false;
                for (PrometheusSample s : scraped) {
                    if (selected(s, select)
                            && rule.matches(table == PROM_EX_BEAM ? promExName(s.name()) : s.name(), s)
                            && Double.isFinite(s.value())) {
                        sum += s.value();
                        found = true;
                    }
                }
                if (found) {
                    into.put(rule.metric(), sum * rule.factor());
                }
            }
        }
        return new Mapped(samples(samples), samples(limits));
    }

    private static String promExName(String name) {
        Matcher m = PROM_EX.matcher(name);
        return m.matches() ? m.group(1) : "";
    }

    private static boolean selected(PrometheusSample s, Map<String, String> select) {
        for (Map.Entry<String, String> e : select.entrySet()) {
            String v = s.label(e.getKey());
            if (v != null && !v.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static List<Sample> samples(Map<MetricId, Double> values) {
        List<Sample> out = new ArrayList<>(values.size());
        values.forEach((m, v) -> out.add(new Sample(m.id(), v)));
        return out;
    }

    /** Every rule, for the documentation's table. */
    static List<Rule> all() {
        List<Rule> all = new ArrayList<>(PROMETHEUS_ERL);
        all.addAll(PROM_EX_BEAM);
        all.addAll(TELEMETRY_VM);
        return all;
    }
}
