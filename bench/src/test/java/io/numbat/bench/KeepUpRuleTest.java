package io.numbat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepUpRuleTest {
    private static final int NODES = 1_000;
    private static final int METRICS = 10;
    /** 1,000 batches every 1 s: 10,000 samples/s offered. */
    private static final double OFFERED = 10_000;

    /**
     * Snapshots every second for 20 s of a fleet publishing {@code published} of its ticks, and a
     * processor committing {@code processedPerS} batches/s, with an extra lag of half a tick every
     * other snapshot (a burst not yet processed).
     */
    private static StepMeasurement step(double published, double processedPerS) {
        List<IngestSnapshot> s = new ArrayList<>();
        for (int t = 0; t <= 20; t++) {
            long ends = (long) (t * NODES * published);
            long committed = (long) Math.min(ends, t * processedPerS) - (t % 2 == 0 ? NODES / 2 : 0);
            s.add(Snapshots.at(t, committed, ends, 0, 0));
        }
        return new StepMeasurement(s, METRICS);
    }

    @Test
    void keepsUpWhenTheLagOnlyJumpsWithinATick() {
        StepMeasurement m = step(1.0, NODES);
        assertThat(m.lagGrowth()).isLessThan(NODES);
        assertThat(KeepUpRule.DEFAULT.keepsUp(m, NODES, OFFERED)).isTrue();
    }

    @Test
    void fallsBehindWhenTheLagKeepsGrowing() {
        StepMeasurement m = step(1.0, NODES * 0.9);
        assertThat(m.lagGrowth()).isGreaterThan(NODES);
        assertThat(KeepUpRule.DEFAULT.keepsUp(m, NODES, OFFERED)).isFalse();
    }

    @Test
    void fallsShortWhenLessThanTheOfferedLoadArrives() {
        StepMeasurement m = step(0.9, NODES);
        assertThat(KeepUpRule.DEFAULT.lagBounded(m, NODES)).isTrue();
        assertThat(KeepUpRule.DEFAULT.keepsUp(m, NODES, OFFERED)).isFalse();
    }

    @Test
    void aSlowlyGrowingLagWithinOneTickStillKeepsUp() {
        StepMeasurement m = step(1.0, NODES * 0.98);
        assertThat(m.lagGrowth()).isBetween(300.0, 500.0);
        assertThat(KeepUpRule.DEFAULT.keepsUp(m, NODES, OFFERED)).isTrue();
    }
}
