package io.numbat.processor.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.MetricAnomalyScore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnomalyScoreWindowTest {
    private static final long MINUTE = 1_767_225_600_000L;

    @Test
    void aMinuteIsPublishedByTheFirstBatchOfALaterOneWithMaxLastAndSamplesByMetric() {
        AnomalyScoreWindow w = new AnomalyScoreWindow();
        w.record(21, 0.1, MINUTE + 5_000);
        w.record(14, 0.3, MINUTE + 5_000);
        w.record(21, 0.7, MINUTE + 15_000);
        w.record(21, 0.2, MINUTE + 25_000);
        assertThat(w.closeBefore("n", "web", MINUTE + 59_999, 0.95))
                .as("same minute")
                .isNull();
        AnomalyScores r = w.closeBefore("n", "web", MINUTE + 180_000, 0.95);
        assertThat(r.getNode()).isEqualTo("n");
        assertThat(r.getFamily()).isEqualTo("web");
        assertThat(r.getWindowStart()).isEqualTo(Instant.ofEpochMilli(MINUTE));
        assertThat(r.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(MINUTE + 60_000));
        assertThat(r.getAlarmThreshold())
                .as("the alarm's threshold, for charts")
                .isEqualTo(0.95);
        assertThat(r.getScores())
                .containsExactly(new MetricAnomalyScore(14, 0.3, 0.3, 1), new MetricAnomalyScore(21, 0.7, 0.2, 3));
        assertThat(w.closeBefore("n", "web", MINUTE + 240_000, 0.95))
                .as("emptied")
                .isNull();
    }

    @Test
    void nothingIsPublishedForANodeWithoutScoredSamples() {
        assertThat(new AnomalyScoreWindow().closeBefore("n", "web", MINUTE, 0.95))
                .isNull();
    }

    @Test
    void aBatchFromAClockThatSteppedBackCountsInTheOpenMinute() {
        AnomalyScoreWindow w = new AnomalyScoreWindow();
        w.record(21, 0.1, MINUTE + 5_000);
        assertThat(w.closeBefore("n", "web", MINUTE - 30_000, 0.95)).isNull();
        w.record(21, 0.4, MINUTE - 30_000);
        assertThat(w.closeBefore("n", "web", MINUTE + 60_000, 0.95).getScores())
                .containsExactly(new MetricAnomalyScore(21, 0.4, 0.4, 2));
    }
}
