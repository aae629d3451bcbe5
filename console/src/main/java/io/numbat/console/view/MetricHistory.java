package io.numbat.console.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fixed-size ring of time slots (by default 120 slots of 30 s: the last hour) holding the highest
 * value seen in each slot, so a node's history costs the same however often it reports.
 */
public final class MetricHistory {
    /** One slot: its start time and the highest value seen in it. */
    public record Point(long timestamp, double value) {}

    private final long resolutionMs;
    private final float[] values;
    private long newestSlot = Long.MIN_VALUE;

    public MetricHistory(Duration window, Duration resolution) {
        if (resolution.toMillis() <= 0 || window.compareTo(resolution) < 0) {
            throw new IllegalArgumentException("need 0 < resolution <= window, got " + resolution + " and " + window);
        }
        this.resolutionMs = resolution.toMillis();
        this.values = new float[(int) (window.toMillis() / resolutionMs)];
        Arrays.fill(values, Float.NaN);
    }

    /** Records a sample; samples older than the window behind the newest one are ignored. */
    public void record(long timestampMs, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return;
        }
        long slot = Math.floorDiv(timestampMs, resolutionMs);
        if (newestSlot == Long.MIN_VALUE) {
            newestSlot = slot;
        } else if (slot > newestSlot) {
            long gap = Math.min(slot - newestSlot, values.length);
            for (long s = slot - gap + 1; s <= slot; s++) {
                values[index(s)] = Float.NaN;
            }
            newestSlot = slot;
        } else if (slot <= newestSlot - values.length) {
            return;
        }
        int i = index(slot);
        float v = (float) value;
        values[i] = Float.isNaN(values[i]) ? v : Math.max(values[i], v);
    }

    /** The filled slots, oldest first. */
    public List<Point> points() {
        List<Point> out = new ArrayList<>();
        if (newestSlot == Long.MIN_VALUE) {
            return out;
        }
        for (long s = newestSlot - values.length + 1; s <= newestSlot; s++) {
            float v = values[index(s)];
            if (!Float.isNaN(v)) {
                out.add(new Point(s * resolutionMs, v));
            }
        }
        return out;
    }

    /** The number of slots (the window divided by the resolution). */
    public int capacity() {
        return values.length;
    }

    private int index(long slot) {
        return (int) Math.floorMod(slot, (long) values.length);
    }
}
