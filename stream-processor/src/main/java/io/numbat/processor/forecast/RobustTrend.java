package io.numbat.processor.forecast;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A robust straight-line fit over the last {@code capacity} points (block medians): the Theil–Sen
 * slope (median of pairwise slopes, unmoved by up to ~29 % outliers), the matching robust level,
 * and the Mann–Kendall z score of the trend. Unlike least squares, one burst cannot tilt it.
 * Plain Java; fixed-size state.
 */
public final class RobustTrend {
    private final double[] times;
    private final double[] values;
    private int size;
    private int next;

    public RobustTrend(int capacity) {
        if (capacity < 3) {
            throw new IllegalArgumentException("capacity must be >= 3, was " + capacity);
        }
        times = new double[capacity];
        values = new double[capacity];
    }

    public void add(double time, double value) {
        times[next] = time;
        values[next] = value;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    public void clear() {
        size = 0;
        next = 0;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return times.length;
    }

    /** The result of a fit: slope per time unit, level at {@code atTime}, Mann–Kendall z. */
    public record Fit(double slope, double level, double trendZ) {}

    public Fit fit(double atTime) {
        return fit(atTime, size);
    }

    /** The fit over the newest {@code lastK} points only (all of them if there are fewer). */
    public Fit fit(double atTime, int lastK) {
        int n = Math.min(lastK, size);
        double[] ts = new double[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            int idx = Math.floorMod(next - n + i, times.length);
            ts[i] = times[idx];
            vs[i] = values[idx];
        }
        return fit(ts, vs, n, atTime);
    }

    private static Fit fit(double[] times, double[] values, int size, double atTime) {
        int pairs = size * (size - 1) / 2;
        double[] slopes = new double[pairs];
        int k = 0;
        long s = 0;
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                double dt = times[j] - times[i];
                double dv = values[j] - values[i];
                int sign = (int) Math.signum(dt) * (int) Math.signum(dv);
                s += sign;
                slopes[k++] = dt == 0 ? 0 : dv / dt;
            }
        }
        double slope = median(slopes, k);
        double[] intercepts = new double[size];
        for (int i = 0; i < size; i++) {
            intercepts[i] = values[i] - slope * (times[i] - atTime);
        }
        double level = median(intercepts, size);
        double variance = size * (size - 1.0) * (2.0 * size + 5) / 18.0;
        double z = variance <= 0 ? 0 : (s - Math.signum(s)) / Math.sqrt(variance);
        return new Fit(slope, level, z);
    }

    /**
     * A level shift, not a trend: the two halves of the window are each flat (their own slopes are
     * under a quarter of the whole window's), so the whole-window slope only comes from a step.
     */
    public boolean looksLikeLevelShift(double slope) {
        return looksLikeLevelShift(slope, size);
    }

    /** {@link #looksLikeLevelShift(double)} over the newest {@code lastK} points. */
    public boolean looksLikeLevelShift(double slope, int lastK) {
        int n = Math.min(lastK, size);
        if (n < 6 || slope <= 0) {
            return false;
        }
        RobustTrend first = new RobustTrend(n);
        RobustTrend second = new RobustTrend(n);
        for (int i = 0; i < n; i++) {
            int idx = Math.floorMod(next - n + i, times.length);
            (i < n / 2 ? first : second).add(times[idx], values[idx]);
        }
        double t = times[Math.floorMod(next - 1, times.length)];
        return Math.abs(first.fit(t).slope()) < 0.25 * slope
                && Math.abs(second.fit(t).slope()) < 0.25 * slope;
    }

    static double median(double[] a, int n) {
        if (n == 0) {
            return 0;
        }
        double[] c = Arrays.copyOf(a, n);
        Arrays.sort(c);
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    /** Bytes of {@link #writeTo}. */
    int bytes() {
        return 1 + size * (Double.BYTES + Float.BYTES);
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeByte(size);
        for (int i = 0; i < size; i++) {
            int idx = Math.floorMod(next - size + i, times.length);
            out.writeDouble(times[idx]);
            out.writeFloat((float) values[idx]);
        }
    }

    void readFrom(DataInputStream in) throws IOException {
        clear();
        int n = in.readByte();
        for (int i = 0; i < n; i++) {
            add(in.readDouble(), in.readFloat());
        }
    }
}
