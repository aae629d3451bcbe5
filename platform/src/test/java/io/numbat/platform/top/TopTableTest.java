package io.numbat.platform.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ProcessQueue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopTableTest {
    private static final ProcessQueue RUNAWAY =
            new ProcessQueue("report_builder:run/1", "<0.4711.0>", 0L, "report_builder:render/2", 40_000_000L, 41_200L);
    private static final ProcessQueue HOG =
            new ProcessQueue("my_cache:init/1", "<0.4713.0>", 0L, "gen_server:loop/7", 100_000L, 900_000_000L);
    private static final ProcessQueue FLOODED =
            new ProcessQueue("event_relay", "<0.4712.0>", 52_000L, "event_relay:relay/2", 1_000_000L, 10_402_688L);

    private static MetricBatch batch(String node, ProcessQueue... ps) {
        List<ProcessQueue> all = List.of(ps);
        return MetricBatch.newBuilder()
                .setNode(node)
                .setFamily("web")
                .setTimestamp(Instant.parse("2026-01-01T00:00:10Z"))
                .setSequence(1)
                .setSamples(List.of())
                .setTopReductions(
                        all.stream().filter(p -> p.getReductions() > 0).toList())
                .setTopMemory(all)
                .setQueues(all.stream().filter(p -> p.getLength() > 0).toList())
                .setTopWindowMillis(10_000)
                .build();
    }

    @Test
    void aNodesTableListsEachProcessOnceLargestFirstByTheMeasure() {
        MetricBatch b = batch("web-1@host", RUNAWAY, HOG, FLOODED);
        String byMemory = TopTable.node(b, TopMeasure.MEMORY, 20);
        List<String> lines = byMemory.lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("node web-1@host (family web) at 2026-01-01T00:00:10Z, by memory, reductions over 10.0 s");
        assertThat(lines.get(1)).startsWith("PID").contains("NAME / INITIAL CALL", "CURRENT FUNCTION", "QUEUE");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(2)).startsWith("<0.4713.0>").contains("my_cache:init/1", "900,000,000");
        assertThat(lines.get(4)).startsWith("<0.4711.0>");
        assertThat(TopTable.node(b, TopMeasure.QUEUE, 1).lines().toList().get(2))
                .contains("event_relay", "event_relay:relay/2", "52,000");
    }

    @Test
    void aNodeWithoutTopListsSaysSo() {
        assertThat(TopTable.node(batch("jvm-1"), TopMeasure.REDUCTIONS, 10)).contains("no top processes");
    }

    @Test
    void nodeJsonCarriesEveryMeasure() throws Exception {
        JsonNode j = new ObjectMapper()
                .readTree(TopTable.nodeJson(batch("web-1@host", RUNAWAY, HOG), TopMeasure.REDUCTIONS, 1));
        assertThat(j.path("node").asText()).isEqualTo("web-1@host");
        assertThat(j.path("by").asText()).isEqualTo("reductions");
        assertThat(j.path("windowMillis").asLong()).isEqualTo(10_000);
        assertThat(j.path("processes")).hasSize(1);
        JsonNode p = j.path("processes").get(0);
        assertThat(p.path("pid").asText()).isEqualTo("<0.4711.0>");
        assertThat(p.path("currentFunction").asText()).isEqualTo("report_builder:render/2");
        assertThat(p.path("reductions").asLong()).isEqualTo(40_000_000L);
        assertThat(p.path("memory").asLong()).isEqualTo(41_200L);
        assertThat(p.path("queue").asLong()).isZero();
    }

    @Test
    void aFamilysTableCountsTheNodesEachTypeIsOnAndFirstOn() throws Exception {
        List<MetricBatch> latest = List.of(
                batch("web-1", HOG, RUNAWAY),
                batch("web-2", HOG),
                batch("web-3", RUNAWAY),
                batch(
                        "web-4",
                        new ProcessQueue("my_cache:init/1", "<0.99.0>", 0L, "gen_server:loop/7", 1L, 1_200_000_000L)));
        List<TopTable.TypeRow> rows = TopTable.types(latest, TopMeasure.MEMORY);
        assertThat(rows.get(0).process()).isEqualTo("my_cache:init/1");
        assertThat(rows.get(0).nodes()).isEqualTo(3);
        assertThat(rows.get(0).first()).isEqualTo(3);
        assertThat(rows.get(0).largestNode()).isEqualTo("web-4");
        String table = TopTable.family("web", latest, TopMeasure.MEMORY, 10);
        assertThat(table.lines().toList().get(0))
                .isEqualTo("family web: 4 nodes, by memory (each node's latest batch)");
        assertThat(table.lines().toList().get(2)).startsWith("my_cache:init/1").contains("3/4", "<0.99.0> on web-4");
        JsonNode j = new ObjectMapper().readTree(TopTable.familyJson("web", latest, TopMeasure.MEMORY, 10));
        assertThat(j.path("nodes").asInt()).isEqualTo(4);
        assertThat(j.path("types").get(0).path("process").asText()).isEqualTo("my_cache:init/1");
        assertThat(j.path("types").get(0).path("largest").path("value").asLong())
                .isEqualTo(1_200_000_000L);
    }

    @Test
    void anUnknownMeasureIsAClearError() {
        assertThatThrownBy(() -> TopMeasure.parse("cpu"))
                .hasMessage("--by must be reductions, memory or queue, was cpu");
        assertThat(TopMeasure.parse(" Queue ")).isEqualTo(TopMeasure.QUEUE);
    }
}
