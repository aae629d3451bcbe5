package io.numbat.processor.health;

import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.MetricAnomalyScore;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node's anomaly scores since the start of the current one-minute window: per watched metric the
 * highest and the last score and the samples scored. A sample costs one map look-up and three stores;
 * the window is published as one {@link AnomalyScores} record when the node's first batch of a later
 * window arrives (a node that goes silent leaves its last window unpublished). Part of
 * {@link NodeHealth} from its version 4 (16 bytes per metric plus 10).
 */
final class AnomalyScoreWindow {
    /** The window length: one record per node per minute. */
    static final long MILLIS = 60_000;

    private static final long NONE = Long.MIN_VALUE;

    /** Start of the open window, or {@link #NONE} before the first scored sample. */
    private long start = NONE;
    /** Per metric id: {max, last, samples} of the open window. */
    private final Map<Integer, double[]> scores = new HashMap<>();

    /** Adds one metric's score of a sample at {@code t}, after {@link #closeBefore} for the sample's batch. */
    void record(int metric, double score, long t) {
        if (start == NONE) {
            start = Math.floorDiv(t, MILLIS) * MILLIS;
        }
        double[] s = scores.computeIfAbsent(metric, m -> new double[3]);
        s[0] = s[2] == 0 ? score : Math.max(s[0], score);
        s[1] = score;
        s[2]++;
    }

    /**
     * The open window as a record if a batch at {@code t} lies beyond it (then the window is emptied and
     * the next one starts with that batch), else null. A batch older than the window's start (a node whose
     * clock stepped back) counts in the open window. The record carries {@code threshold}, the anomaly alarm's
     * threshold for the node's family, so a chart can draw it.
     */
    AnomalyScores closeBefore(String node, String family, long t, double threshold) {
        if (start == NONE || t < start + MILLIS) {
            return null;
        }
        List<MetricAnomalyScore> out = new ArrayList<>(scores.size());
        for (Map.Entry<Integer, double[]> e : new TreeMap<>(scores).entrySet()) {
            double[] s = e.getValue();
            out.add(new MetricAnomalyScore(e.getKey(), s[0], s[1], (int) s[2]));
        }
        AnomalyScores r = AnomalyScores.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + MILLIS))
                .setScores(out)
                .setAlarmThreshold(threshold)
                .build();
        start = NONE;
        scores.clear();
        return out.isEmpty() ? null : r;
    }

    int estimatedBytes() {
        return 10 + 16 * scores.size();
    }

    /** Start (8 bytes), count (2), then per metric: id (4), max and last (floats), samples (4). */
    void write(DataOutput out) throws IOException {
        out.writeLong(start);
        out.writeShort(scores.size());
        for (Map.Entry<Integer, double[]> e : scores.entrySet()) {
            out.writeInt(e.getKey());
            out.writeFloat((float) e.getValue()[0]);
            out.writeFloat((float) e.getValue()[1]);
            out.writeInt((int) e.getValue()[2]);
        }
    }

    static AnomalyScoreWindow read(DataInput in) throws IOException {
        AnomalyScoreWindow w = new AnomalyScoreWindow();
        w.start = in.readLong();
        int n = in.readShort();
        for (int i = 0; i < n; i++) {
            w.scores.put(in.readInt(), new double[] {in.readFloat(), in.readFloat(), in.readInt()});
        }
        return w;
    }

    /** Metric ids with a score in the open window (for tests). */
    Map<Integer, double[]> scores() {
        return scores;
    }

    long start() {
        return start;
    }
}
