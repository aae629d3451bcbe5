package io.numbat.console.view;

import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.MetricAnomalyScore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One node's anomaly scores of the last hour, as the processor publishes them on {@code numbat.anomaly-scores}: a
 * fixed ring of 60 one-minute slots, each with every watched metric's highest and last score and the anomaly alarm's
 * threshold the processor applied. A slot is one packed {@code float[]}, so a node costs about 7 KB with the default
 * five watched metrics (allocated for nodes with scores only). A repeated minute replaces its slot; minutes older than the ring behind the newest are dropped.
 */
public final class AnomalyHistory {
    /** How many one-minute windows are kept: the node page's hour. */
    public static final int MINUTES = 60;
    /** The processor's window. */
    public static final long WINDOW_MILLIS = 60_000;
    /** The threshold of records written before they carried one: the processor's default anomaly alarm threshold. */
    public static final double DEFAULT_THRESHOLD = 0.95;
    /** At most this many metrics per minute are kept (the processor watches five by default). */
    static final int MAX_METRICS = 32;

    private static final int FIELDS = 4; // per metric: id, max, last, samples (ids and counts are exact below 2^24)

    /** One metric's score over one minute. */
    public record MetricScore(int metric, double max, double last, int samples) {}

    /** One minute: its start (epoch ms), the alarm's threshold then, and each metric's score, by metric id. */
    public record Minute(long start, double threshold, List<MetricScore> scores) {
        /** The metric with the highest score of the minute (the first by id on a tie). */
        public MetricScore top() {
            return scores.stream()
                    .max(Comparator.comparingDouble(MetricScore::max)
                            .thenComparing(
                                    Comparator.comparingInt(MetricScore::metric).reversed()))
                    .orElseThrow();
        }
    }

    private final float[][] slots = new float[MINUTES][]; // FIELDS per metric, null: empty
    private final double[] thresholds = new double[MINUTES];
    private long newestSlot = Long.MIN_VALUE;

    /** Adds a published window; false if it was dropped (no scores, or older than the ring). */
    public boolean record(AnomalyScores r) {
        if (r.getScores().isEmpty()) {
            return false;
        }
        long slot = Math.floorDiv(r.getWindowStart().toEpochMilli(), WINDOW_MILLIS);
        if (newestSlot == Long.MIN_VALUE) {
            newestSlot = slot;
        } else if (slot > newestSlot) {
            long gap = Math.min(slot - newestSlot, MINUTES);
            for (long s = slot - gap + 1; s <= slot; s++) {
                slots[index(s)] = null;
            }
            newestSlot = slot;
        } else if (slot <= newestSlot - MINUTES) {
            return false;
        }
        List<MetricAnomalyScore> scores = r.getScores();
        int n = Math.min(scores.size(), MAX_METRICS);
        float[] packed = new float[FIELDS * n];
        for (int i = 0; i < n; i++) {
            MetricAnomalyScore m = scores.get(i);
            int at = FIELDS * i;
            packed[at] = m.getMetric();
            packed[at + 1] = (float) m.getMax();
            packed[at + 2] = (float) m.getLast();
            packed[at + 3] = m.getSamples();
        }
        Double threshold = r.getAlarmThreshold();
        slots[index(slot)] = packed;
        thresholds[index(slot)] = threshold == null || threshold.isNaN() ? DEFAULT_THRESHOLD : threshold;
        return true;
    }

    /** The kept minutes, oldest first. */
    public List<Minute> minutes() {
        List<Minute> out = new ArrayList<>();
        if (newestSlot == Long.MIN_VALUE) {
            return out;
        }
        for (long s = newestSlot - MINUTES + 1; s <= newestSlot; s++) {
            float[] p = slots[index(s)];
            if (p != null) {
                out.add(minute(s, thresholds[index(s)], p));
            }
        }
        return out;
    }

    /** The alarm's threshold of the newest minute, or the processor's default before any. */
    public double threshold() {
        return newestSlot == Long.MIN_VALUE || slots[index(newestSlot)] == null
                ? DEFAULT_THRESHOLD
                : thresholds[index(newestSlot)];
    }

    private static Minute minute(long slot, double threshold, float[] p) {
        List<MetricScore> scores = new ArrayList<>(p.length / FIELDS);
        for (int at = 0; at < p.length; at += FIELDS) {
            scores.add(new MetricScore((int) p[at], decimal(p[at + 1]), decimal(p[at + 2]), (int) p[at + 3]));
        }
        return new Minute(slot * WINDOW_MILLIS, threshold, List.copyOf(scores));
    }

    /** A stored float as the double it was written as, to float precision (0.97f reads 0.97, not 0.9700000286). */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static int index(long slot) {
        return (int) Math.floorMod(slot, (long) MINUTES);
    }
}
