package io.numbat.console.view;

import static io.numbat.console.Fixtures.anomalyScores;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.view.AnomalyHistory.MetricScore;
import io.numbat.console.view.AnomalyHistory.Minute;
import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.MetricAnomalyScore;
import io.numbat.schemas.MetricId;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyHistoryTest {
    private static final long MINUTE = 1_767_225_600_000L;
    private static final int UTILISATION = MetricId.SCHEDULER_UTILISATION.id();

    @Test
    void keepsEachMinutesScoresByMetricAndTheProcessorsThreshold() {
        AnomalyHistory h = new AnomalyHistory();
        h.record(anomalyScores("a@sim", "web", MINUTE, 0.2, 0.9));
        h.record(anomalyScores("a@sim", "web", MINUTE + 60_000, 0.97, 0.9));
        List<Minute> minutes = h.minutes();
        assertThat(minutes).extracting(Minute::start).containsExactly(MINUTE, MINUTE + 60_000);
        Minute last = minutes.get(1);
        assertThat(last.threshold()).isEqualTo(0.9);
        assertThat(last.top()).isEqualTo(new MetricScore(UTILISATION, 0.97, 0.097, 6));
        assertThat(last.scores()).hasSize(2);
        assertThat(h.threshold()).isEqualTo(0.9);
    }

    @Test
    void aRecordWithoutThresholdGetsTheProcessorsDefault() {
        AnomalyHistory h = new AnomalyHistory();
        assertThat(h.threshold()).isEqualTo(AnomalyHistory.DEFAULT_THRESHOLD);
        h.record(anomalyScores("a@sim", "web", MINUTE, 0.2, null));
        assertThat(h.minutes().get(0).threshold()).isEqualTo(0.95);
        assertThat(h.threshold()).isEqualTo(0.95);
    }

    @Test
    void isBoundedToAnHourAndDropsWhatIsOlder() {
        AnomalyHistory h = new AnomalyHistory();
        for (int i = 0; i < 90; i++) {
            h.record(anomalyScores("a@sim", "web", MINUTE + i * 60_000L, i / 100.0, 0.95));
        }
        List<Minute> minutes = h.minutes();
        assertThat(minutes).hasSize(AnomalyHistory.MINUTES);
        assertThat(minutes.get(0).start()).isEqualTo(MINUTE + 30 * 60_000L);
        assertThat(minutes.get(59).top().max()).isEqualTo(0.89);
        assertThat(h.record(anomalyScores("a@sim", "web", MINUTE + 29 * 60_000L, 0.5, 0.95)))
                .as("older than the hour behind the newest")
                .isFalse();
        assertThat(h.minutes()).hasSize(60);
    }

    @Test
    void aRepeatedMinuteReplacesItsSlotAndAGapLeavesNoStaleMinutes() {
        AnomalyHistory h = new AnomalyHistory();
        h.record(anomalyScores("a@sim", "web", MINUTE, 0.2, 0.95));
        h.record(anomalyScores("a@sim", "web", MINUTE + 15_000, 0.6, 0.95)); // the same minute, written again
        assertThat(h.minutes())
                .singleElement()
                .satisfies(m -> assertThat(m.top().max()).isEqualTo(0.6));
        h.record(anomalyScores("a@sim", "web", MINUTE + 61 * 60_000L, 0.3, 0.95)); // an hour of silence
        assertThat(h.minutes())
                .singleElement()
                .satisfies(m -> assertThat(m.start()).isEqualTo(MINUTE + 61 * 60_000L));
        h.record(anomalyScores("a@sim", "web", MINUTE + 30 * 60_000L, 0.4, 0.95)); // late, but inside the hour
        assertThat(h.minutes()).extracting(Minute::start).containsExactly(MINUTE + 30 * 60_000L, MINUTE + 61 * 60_000L);
    }

    @Test
    void aMetricThatAppearsLaterGetsItsOwnColumnAndOlderMinutesStayAsTheyWere() {
        AnomalyHistory h = new AnomalyHistory();
        h.record(anomalyScores("a@sim", "web", MINUTE, 0.2, 0.95));
        AnomalyScores withQueue = AnomalyScores.newBuilder(anomalyScores("a@sim", "web", MINUTE + 60_000, 0.3, 0.95))
                .setScores(List.of(
                        new MetricAnomalyScore(MetricId.MAX_MESSAGE_QUEUE.id(), 0.8, 0.4, 6),
                        new MetricAnomalyScore(UTILISATION, 0.3, 0.03, 6)))
                .build();
        h.record(withQueue);
        List<Minute> minutes = h.minutes();
        assertThat(minutes.get(0).scores())
                .extracting(MetricScore::metric)
                .containsExactly(MetricId.PROCESS_COUNT.id(), UTILISATION);
        assertThat(minutes.get(1).scores())
                .as("by metric id, the process count not scored that minute")
                .containsExactly(
                        new MetricScore(UTILISATION, 0.3, 0.03, 6),
                        new MetricScore(MetricId.MAX_MESSAGE_QUEUE.id(), 0.8, 0.4, 6));
        assertThat(minutes.get(1).top().metric()).isEqualTo(MetricId.MAX_MESSAGE_QUEUE.id());
    }

    @Test
    void aWindowWithoutScoresIsNotKept() {
        AnomalyHistory h = new AnomalyHistory();
        AnomalyScores empty = AnomalyScores.newBuilder(anomalyScores("a@sim", "web", MINUTE, 0.2, 0.95))
                .setScores(List.of())
                .build();
        assertThat(h.record(empty)).isFalse();
        assertThat(h.minutes()).isEmpty();
    }
}
