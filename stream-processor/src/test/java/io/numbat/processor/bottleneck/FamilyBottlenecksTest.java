package io.numbat.processor.bottleneck;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyBottlenecksTest {
    private static final long T0 = Batches.T0;
    private final BottleneckSettings settings = BottleneckSettings.defaults();
    private final FamilyBottlenecks family = new FamilyBottlenecks();
    private final List<Alarm> out = new ArrayList<>();

    private void signal(int node, long t, String memoryCulprit, double share) {
        family.onSignal(
                new BottleneckSignal(
                        "web-" + node, "web", t, new String[] {"", "", memoryCulprit}, new double[] {0, 0, share}),
                settings,
                out);
    }

    @Test
    void namesTheProcessTypeThatHoldsTheMemoryOnMostNodesOfTheFamilyAndClearsOnce() {
        for (int n = 0; n < 10; n++) {
            signal(n, T0, "", 0);
        }
        for (int n = 0; n < 8; n++) {
            signal(n, T0 + 10_000, "my_cache:init/1", n < 4 ? 0.60 : 0.64);
        }
        assertThat(out).as("minor at 5 of 10, major at 8 of 10").hasSize(2);
        assertThat(out).extracting(Alarm::getSeverity).containsExactly(Severity.MINOR, Severity.MAJOR);
        Alarm raised = out.get(0);
        assertThat(raised.getState()).isEqualTo(AlarmState.RAISED);
        assertThat(raised.getId()).isEqualTo("family:web/bottleneck/memory_processes");
        assertThat(raised.getNode()).isNull();
        assertThat(raised.getFamily()).isEqualTo("web");
        assertThat(raised.getCause()).isEqualTo("my_cache:init/1 holds 61 % of process memory on 5 of 10 web nodes");
        assertThat(raised.getCulprit().getProcess()).isEqualTo("my_cache:init/1");
        assertThat(out.get(1).getCause())
                .isEqualTo("my_cache:init/1 holds 62 % of process memory on 8 of 10 web nodes");

        // down to 6 of 10: minor again (under 75 % * 0.8); 4 of 10 (40 %) is not yet under 40 %; 3 of 10 clears
        out.clear();
        for (int n = 7; n >= 4; n--) {
            signal(n, T0 + 20_000, "", 0);
        }
        assertThat(out).extracting(Alarm::getSeverity).containsExactly(Severity.MINOR);
        signal(3, T0 + 30_000, "", 0);
        assertThat(out).extracting(Alarm::getState).containsExactly(AlarmState.RAISED, AlarmState.CLEARED);
        assertThat(out.get(1).getCause()).isEqualTo("cleared: my_cache:init/1 is the culprit on 3 of 10 web nodes");
    }

    @Test
    void oneNodeIsNotAFamilyAndSilentNodesAreForgotten() {
        signal(0, T0, "my_cache:init/1", 0.9);
        assertThat(out)
                .as("one node of one: under the two nodes a family alarm needs")
                .isEmpty();
        signal(1, T0, "my_cache:init/1", 0.7);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getCause()).isEqualTo("my_cache:init/1 holds 80 % of process memory on 2 of 2 web nodes");
        assertThat(out.get(0).getSeverity()).isEqualTo(Severity.CRITICAL);
        for (int n = 2; n < 6; n++) {
            signal(n, T0 + 60_000, "", 0);
        }
        assertThat(out)
                .as("2 of 3 major, 2 of 4 minor, 2 of 6 under 40 %: cleared")
                .extracting(Alarm::getSeverity, Alarm::getState)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Severity.CRITICAL, AlarmState.RAISED),
                        org.assertj.core.groups.Tuple.tuple(Severity.MAJOR, AlarmState.RAISED),
                        org.assertj.core.groups.Tuple.tuple(Severity.MINOR, AlarmState.RAISED),
                        org.assertj.core.groups.Tuple.tuple(Severity.MINOR, AlarmState.CLEARED));
        // the healthy nodes keep reporting; 0 and 1 went silent and are forgotten after 3 minutes
        for (long t = T0 + 120_000; t <= T0 + 300_000; t += 60_000) {
            for (int n = 2; n < 6; n++) {
                signal(n, t, "", 0);
            }
        }
        assertThat(family.nodes).containsOnlyKeys("web-2", "web-3", "web-4", "web-5");
    }
}
