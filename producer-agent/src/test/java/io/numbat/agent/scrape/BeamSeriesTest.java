package io.numbat.agent.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping table on what prometheus.erl, PromEx and telemetry_metrics_prometheus serve. */
class BeamSeriesTest {
    private static Map<Integer, Double> byId(List<Sample> samples) {
        Map<Integer, Double> m = new LinkedHashMap<>();
        samples.forEach(s -> m.put(s.getMetric(), s.getValue()));
        return m;
    }

    @Test
    void mapsPrometheusErlangSeriesWithLimitsAndMemoryByKind() throws Exception {
        BeamSeries.Mapped m = BeamSeries.map(PrometheusText.parse("""
                        erlang_vm_memory_bytes_total{kind="system"} 700
                        erlang_vm_memory_bytes_total{kind="processes"} 300
                        erlang_vm_memory_processes_bytes_total{usage="used"} 290
                        erlang_vm_memory_processes_bytes_total{usage="free"} 10
                        erlang_vm_memory_system_bytes_total{usage="atom"} 50
                        erlang_vm_memory_system_bytes_total{usage="binary"} 60
                        erlang_vm_memory_system_bytes_total{usage="code"} 400
                        erlang_vm_memory_system_bytes_total{usage="ets"} 90
                        erlang_vm_memory_system_bytes_total{usage="other"} 100
                        erlang_vm_memory_atom_bytes_total{usage="used"} 45
                        erlang_vm_memory_atom_bytes_total{usage="free"} 5
                        erlang_vm_memory_ets_tables 17
                        erlang_vm_ets_limit 8192
                        erlang_vm_process_count 51
                        erlang_vm_process_limit 262144
                        erlang_vm_port_count 4
                        erlang_vm_port_limit 65536
                        erlang_vm_atom_count 9000
                        erlang_vm_atom_limit 1048576
                        erlang_vm_statistics_run_queues_length_total 2
                        erlang_vm_statistics_reductions_total 123456
                        erlang_vm_statistics_context_switches 789
                        erlang_vm_statistics_garbage_collection_number_of_gcs 33
                        erlang_vm_statistics_garbage_collection_words_reclaimed 4444
                        erlang_vm_statistics_bytes_received_total 10
                        erlang_vm_statistics_bytes_output_total 20
                        erlang_vm_statistics_wallclock_time_milliseconds 65000
                        erlang_vm_schedulers 2
                        """), Map.of());
        assertThat(byId(m.samples()))
                .containsEntry(MetricId.MEMORY_TOTAL.id(), 1000.0)
                .containsEntry(MetricId.MEMORY_PROCESSES.id(), 300.0)
                .containsEntry(MetricId.MEMORY_PROCESSES_USED.id(), 290.0)
                .containsEntry(MetricId.MEMORY_SYSTEM.id(), 700.0)
                .containsEntry(MetricId.MEMORY_ATOM.id(), 50.0)
                .containsEntry(MetricId.MEMORY_ATOM_USED.id(), 45.0)
                .containsEntry(MetricId.MEMORY_BINARY.id(), 60.0)
                .containsEntry(MetricId.MEMORY_CODE.id(), 400.0)
                .containsEntry(MetricId.MEMORY_ETS.id(), 90.0)
                .containsEntry(MetricId.ETS_COUNT.id(), 17.0)
                .containsEntry(MetricId.PROCESS_COUNT.id(), 51.0)
                .containsEntry(MetricId.PORT_COUNT.id(), 4.0)
                .containsEntry(MetricId.ATOM_COUNT.id(), 9000.0)
                .containsEntry(MetricId.RUN_QUEUE.id(), 2.0)
                .containsEntry(MetricId.REDUCTIONS.id(), 123456.0)
                .containsEntry(MetricId.CONTEXT_SWITCHES.id(), 789.0)
                .containsEntry(MetricId.GC_COUNT.id(), 33.0)
                .containsEntry(MetricId.GC_WORDS_RECLAIMED.id(), 4444.0)
                .containsEntry(MetricId.IO_INPUT_BYTES.id(), 10.0)
                .containsEntry(MetricId.IO_OUTPUT_BYTES.id(), 20.0)
                .containsEntry(MetricId.UPTIME.id(), 65.0)
                .hasSize(21);
        assertThat(byId(m.limits()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        MetricId.PROCESS_COUNT.id(), 262144.0,
                        MetricId.PORT_COUNT.id(), 65536.0,
                        MetricId.ATOM_COUNT.id(), 1048576.0,
                        MetricId.ETS_COUNT.id(), 8192.0));
    }

    @Test
    void mapsPromExSeriesWhateverTheApplicationPrefix() throws Exception {
        BeamSeries.Mapped m = BeamSeries.map(PrometheusText.parse("""
                        web_app_prom_ex_beam_stats_process_count 300
                        web_app_prom_ex_beam_system_process_limit_info 262144
                        web_app_prom_ex_beam_stats_run_queue_count{type="normal"} 3
                        web_app_prom_ex_beam_stats_run_queue_count{type="dirty"} 1
                        web_app_prom_ex_beam_stats_port_io_byte_count{type="input"} 5
                        web_app_prom_ex_beam_stats_port_io_byte_count{type="output"} 6
                        web_app_prom_ex_beam_memory_allocated_bytes 2000
                        web_app_prom_ex_beam_stats_uptime_milliseconds_count 2500
                        """), Map.of());
        assertThat(byId(m.samples()))
                .containsEntry(MetricId.PROCESS_COUNT.id(), 300.0)
                .containsEntry(MetricId.RUN_QUEUE.id(), 4.0)
                .containsEntry(MetricId.IO_INPUT_BYTES.id(), 5.0)
                .containsEntry(MetricId.IO_OUTPUT_BYTES.id(), 6.0)
                .containsEntry(MetricId.MEMORY_TOTAL.id(), 2000.0)
                .containsEntry(MetricId.UPTIME.id(), 2.5);
        assertThat(byId(m.limits())).containsEntry(MetricId.PROCESS_COUNT.id(), 262144.0);
    }

    @Test
    void mapsTelemetryPollerVmSeries() throws Exception {
        BeamSeries.Mapped m = BeamSeries.map(PrometheusText.parse("""
                        vm_memory_total 5000
                        vm_system_counts_process_count 80
                        vm_total_run_queue_lengths_total 1
                        """), Map.of());
        assertThat(byId(m.samples()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        MetricId.MEMORY_TOTAL.id(), 5000.0,
                        MetricId.PROCESS_COUNT.id(), 80.0,
                        MetricId.RUN_QUEUE.id(), 1.0));
        assertThat(m.limits()).isEmpty();
    }

    @Test
    void labelsPickOneSeriesAndSeriesWithoutTheLabelStay() throws Exception {
        List<PrometheusSample> page = PrometheusText.parse("""
                erlang_vm_process_count{app="shop"} 10
                erlang_vm_process_count{app="cart"} 20
                erlang_vm_process_limit 100
                """);
        assertThat(byId(BeamSeries.map(page, Map.of("app", "cart")).samples()))
                .containsExactly(Map.entry(MetricId.PROCESS_COUNT.id(), 20.0));
        assertThat(byId(BeamSeries.map(page, Map.of("app", "cart")).limits()))
                .containsExactly(Map.entry(MetricId.PROCESS_COUNT.id(), 100.0));
    }

    @Test
    void skipsNanAndInfinityAndNeverCountsTwoNamesOfOneSeriesTwice() throws Exception {
        BeamSeries.Mapped m = BeamSeries.map(PrometheusText.parse("""
                        erlang_vm_process_count NaN
                        erlang_vm_port_count +Inf
                        erlang_vm_statistics_context_switches 5
                        erlang_vm_statistics_context_switches_total 5
                        other_metric 1
                        """), Map.of());
        assertThat(byId(m.samples())).containsExactly(Map.entry(MetricId.CONTEXT_SWITCHES.id(), 5.0));
    }

    @Test
    void everyRowIsInTheDocumentedTable() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "scrape.md"));
        for (BeamSeries.Rule r : BeamSeries.all()) {
            assertThat(doc).as("docs/scrape.md lists %s", r).contains("`" + r.series());
            if (r.label() != null) {
                assertThat(doc).contains(r.label() + "=\"" + r.value() + "\"");
            }
            assertThat(doc)
                    .contains("`" + r.metric().metricName() + "` (" + r.metric().id()
                            + (r.metric() == MetricId.UPTIME ? "," : ")"));
        }
    }
}
