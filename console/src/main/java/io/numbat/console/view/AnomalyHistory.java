package io.numbat.console.view;

import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.MetricAnomalyScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One node's anomaly scores of the last hour, as the processor publishes them on {@code numbat.anomaly-scores}: a
 * fixed ring of 60 one-minute slots, each with every watched metric's highest and last score and samples, and the
 * anomaly alarm's threshold the processor applied. One column per metric the node has had scored (at most 32), in
 * flat arrays: about 3.5 KB per node with the default five watched metrics, allocated for nodes with scores only. A
 * repeated minute replaces its slot; minutes older than the ring behind the newest are dropped.
 */
public final class AnomalyHistory {
    /** How many one-minute windows are kept: the node page's hour. */
    public static final int MINUTES = 60;
    /** The processor's window. */
    public static final long WINDOW_MILLIS = 60_000;
    /** The threshold of records written before they carried one: the processor's default anomaly alarm threshold. */
    public static final double DEFAULT_THRESHOLD = 0.95;
    /** At most this many metrics are kept per node (the processor watches five by default); others are dropped. */
    static final int MAX_METRICS = 32;

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

    private int[] metrics = new int[0]; // the columns: metric ids in order of first appearance
    private float[] max = new float[0]; // [slot * metrics.length + column], NaN: not scored that minute
    private float[] last = new float[0];
    private char[] samples = new char[0]; // capped at 65,535 a minute
    private final float[] thresholds = new float[MINUTES]; // NaN: an empty slot
    private long newestSlot = Long.MIN_VALUE;

    public AnomalyHistory() {
        Arrays.fill(thresholds, Float.NaN);
    }

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
                clear(index(s));
            }
            newestSlot = slot;
        } else if (slot <= newestSlot - MINUTES) {
            return false;
        }
        int i = index(slot);
        clear(i);
        Double threshold = r.getAlarmThreshold();
        thresholds[i] = (float) (threshold == null || threshold.isNaN() ? DEFAULT_THRESHOLD : threshold);
        for (MetricAnomalyScore m : r.getScores()) {
            int c = column(m.getMetric());
            if (c >= 0) {
                int at = i * metrics.length + c;
                max[at] = (float) m.getMax();
                last[at] = (float) m.getLast();
                samples[at] = (char) Math.max(0, Math.min(Character.MAX_VALUE, m.getSamples()));
            }
        }
        return true;
    }

    /** The kept minutes, oldest first, each with its metrics by id. */
    public List<Minute> minutes() {
        List<Minute> out = new ArrayList<>();
        if (newestSlot == Long.MIN_VALUE) {
            return out;
        }
        for (long s = newestSlot - MINUTES + 1; s <= newestSlot; s++) {
            int i = index(s);
            if (Float.isNaN(thresholds[i])) {
                continue;
            }
            List<MetricScore> scores = new ArrayList<>();
            for (int c = 0; c < metrics.length; c++) {
                int at = i * metrics.length + c;
                if (!Float.isNaN(max[at])) {
                    scores.add(new MetricScore(metrics[c], decimal(max[at]), decimal(last[at]), samples[at]));
                }
            }
            scores.sort(Comparator.comparingInt(MetricScore::metric));
            out.add(new Minute(s * WINDOW_MILLIS, decimal(thresholds[i]), List.copyOf(scores)));
        }
        return out;
    }

    /** The alarm's threshold of the newest minute, or the processor's default before any. */
    public double threshold() {
        return newestSlot == Long.MIN_VALUE || Float.isNaN(thresholds[index(newestSlot)])
                ? DEFAULT_THRESHOLD
                : decimal(thresholds[index(newestSlot)]);
    }

    private void clear(int slot) {
        thresholds[slot] = Float.NaN;
        Arrays.fill(max, slot * metrics.length, (slot + 1) * metrics.length, Float.NaN);
    }

    /** The column of {@code metric}, added (every slot NaN) when new; -1 past {@link #MAX_METRICS}. */
    private int column(int metric) {
        for (int c = 0; c < metrics.length; c++) {
            if (metrics[c] == metric) {
                return c;
            }
        }
        int k = metrics.length;
        if (k == MAX_METRICS) {
            return -1;
        }
        float[] newMax = new float[MINUTES * (k + 1)];
        float[] newLast = new float[MINUTES * (k + 1)];
        char[] newSamples = new char[MINUTES * (k + 1)];
        for (int s = 0; s < MINUTES; s++) {
            System.arraycopy(max, s * k, newMax, s * (k + 1), k);
            System.arraycopy(last, s * k, newLast, s * (k + 1), k);
            System.arraycopy(samples, s * k, newSamples, s * (k + 1), k);
            newMax[s * (k + 1) + k] = Float.NaN;
        }
        metrics = Arrays.copyOf(metrics, k + 1);
        metrics[k] = metric;
        max = newMax;
        last = newLast;
        samples = newSamples;
        return k;
    }

    /** A stored float as the double it was written as, to float precision (0.97f reads 0.97, not 0.9700000286). */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static int index(long slot) {
        return (int) Math.floorMod(slot, (long) MINUTES);
    }
}
