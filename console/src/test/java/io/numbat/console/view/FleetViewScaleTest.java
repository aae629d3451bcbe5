package io.numbat.console.view;

import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetViewScaleTest {
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void tenThousandNodesWithAnHourOfHistoryStayWithinTheBounds() {
        FleetView fleet = FleetView.withDefaults();
        AlarmList alarms = new AlarmList(50_000);
        long t0 = System.nanoTime();
        for (int tick = 0; tick < 120; tick++) { // an hour at 30 s
            for (int i = 0; i < 10_000; i++) {
                fleet.onMetrics(batch("n" + i + "@sim", "f" + (i % 20), NOW + tick * 30_000L, 0.5, 1_000 + tick));
            }
        }
        for (int i = 0; i < 1_000; i++) {
            alarms.onAlarm(raised("n" + i + "@sim", "f" + (i % 20), "memory", Severity.MINOR, NOW));
        }
        long fed = System.nanoTime();
        List<FamilySummary> families = fleet.families(alarms.worstByNode(), NOW + 3_600_000L);
        long summarised = System.nanoTime();
        System.out.printf(
                "10,000 nodes x 120 batches applied in %d ms; fleet summary in %d ms%n",
                (fed - t0) / 1_000_000, (summarised - fed) / 1_000_000);
        assertThat(fleet.size()).isEqualTo(10_000);
        assertThat(families).hasSize(20).allSatisfy(f -> assertThat(f.nodes()).isEqualTo(500));
        assertThat(fleet.find("n1@sim").orElseThrow().history(KeyMetric.PROCESS_COUNT))
                .hasSize(120);
        assertThat(fleet.page("f3", "n13", 0, 50).total()).isEqualTo(5); // n1303, n1323, ..., n1383
    }
}
