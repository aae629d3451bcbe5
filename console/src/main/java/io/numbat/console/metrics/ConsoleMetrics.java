package io.numbat.console.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.numbat.console.LiveView;
import io.numbat.console.sse.SseHub;
import io.numbat.console.view.FamilySummary;
import io.numbat.console.view.NodeState;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The console's Prometheus metrics: fleet gauges ({@code numbat_fleet_nodes{family,state}}), alarm
 * gauges ({@code numbat_alarms_raised{severity,type}}), remediations by state
 * ({@code numbat_fleet_remediations{state}}), its own counters and the JVM's (Micrometer binders). The gauges are
 * refreshed from the view at each scrape, on the view's thread.
 */
public final class ConsoleMetrics implements AutoCloseable {
    /** The Prometheus text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final LiveView view;
    private final MultiGauge nodes;
    private final MultiGauge alarms;
    private final MultiGauge remediations;
    private final TreeSet<String> families = new TreeSet<>();
    private final TreeSet<String> alarmTypes = new TreeSet<>();

    public ConsoleMetrics(LiveView view, SseHub hub) {
        this.view = view;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        nodes = MultiGauge.builder("numbat.fleet.nodes")
                .description("Nodes the console knows, by family and state")
                .register(registry);
        alarms = MultiGauge.builder("numbat.alarms.raised")
                .description("Raised alarms by severity and type")
                .register(registry);
        remediations = MultiGauge.builder("numbat.fleet.remediations")
                .description("Remediations the console knows, by their latest state")
                .register(registry);
        FunctionCounter.builder(
                        "numbat.console.remediations.dropped",
                        view,
                        v -> v.remediations().dropped())
                .description("Remediations forgotten because the console's list was full")
                .register(registry);
        for (String topic : LiveView.topics()) {
            FunctionCounter.builder("numbat.console.records.skipped", view, v -> v.skipped(topic))
                    .description("Unreadable records skipped (dead-lettered by the console, or by the stream processor "
                            + "or deployer when they also read the topic)")
                    .tag("topic", topic)
                    .register(registry);
            FunctionCounter.builder("numbat.console.records.dead.lettered", view, v -> v.deadLetteredCount(topic))
                    .description("Unreadable records the console sent to numbat.dead-letters")
                    .tag("topic", topic)
                    .register(registry);
        }
        FunctionCounter.builder(
                        "numbat.console.nodes.evicted", view, v -> v.fleet().evicted())
                .description("Nodes forgotten because the view was full")
                .register(registry);
        FunctionCounter.builder(
                        "numbat.console.alarms.dropped", view, v -> v.alarms().dropped())
                .description("Alarms not kept because the list was full")
                .register(registry);
        Gauge.builder("numbat.console.sse.clients", hub, SseHub::clients)
                .description("Browsers connected to /api/events")
                .register(registry);
        FunctionCounter.builder("numbat.console.sse.dropped", hub, SseHub::dropped)
                .description("SSE messages dropped for clients that could not keep up")
                .register(registry);
        FunctionCounter.builder("numbat.console.sse.disconnected", hub, SseHub::disconnected)
                .description("SSE clients gone (closed, broken or stuck)")
                .register(registry);
    }

    /** Refreshes the fleet and alarm gauges and returns the scrape in the text format. */
    public String scrape(long now) {
        refresh(now);
        return registry.scrape();
    }

    void refresh(long now) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        List<FamilySummary> summaries = view.fleet().families(view.alarms().worstByNode(), now);
        summaries.forEach(f -> families.add(f.family()));
        for (String family : families) {
            FamilySummary f = summaries.stream()
                    .filter(s -> s.family().equals(family))
                    .findFirst()
                    .orElse(null);
            for (NodeState s : NodeState.values()) {
                int n = f == null ? 0 : f.byState().getOrDefault(s, 0);
                rows.add(MultiGauge.Row.of(
                        Tags.of("family", family, "state", s.name().toLowerCase(Locale.ROOT)), n));
            }
        }
        nodes.register(rows, true);
        Map<Severity, Map<String, Integer>> counts = view.alarms().counts();
        counts.values().forEach(m -> alarmTypes.addAll(m.keySet()));
        List<MultiGauge.Row<?>> alarmRows = new ArrayList<>();
        for (Severity s : Severity.values()) {
            for (String type : alarmTypes) {
                int n = counts.getOrDefault(s, Map.of()).getOrDefault(type, 0);
                alarmRows.add(
                        MultiGauge.Row.of(Tags.of("severity", s.name().toLowerCase(Locale.ROOT), "type", type), n));
            }
        }
        alarms.register(alarmRows, true);
        List<MultiGauge.Row<?>> remediationRows = new ArrayList<>();
        for (Map.Entry<RemediationState, Integer> e :
                view.remediations().byState().entrySet()) {
            remediationRows.add(
                    MultiGauge.Row.of(Tags.of("state", e.getKey().name().toLowerCase(Locale.ROOT)), e.getValue()));
        }
        remediations.register(remediationRows, true);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
