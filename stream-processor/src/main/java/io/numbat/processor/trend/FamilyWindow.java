package io.numbat.processor.trend;

import io.numbat.processor.state.StateFormat;
import io.numbat.schemas.MetricSummary;
import io.numbat.schemas.TrendWindow;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One family's roll-up of every metric over the window being filled (one per window size), with
 * when it last grew (wall clock) and the start of the last window it handed out, so node trends
 * that come after their window was rolled up are recognised as late. Plain Java.
 */
public final class FamilyWindow {
    private static final long NONE = Long.MIN_VALUE;

    private String family = "";
    private long start = NONE;
    private long end;
    private long emittedThrough = NONE;
    private long updatedAtMillis;
    private final Map<Integer, FamilyRollup> metrics = new TreeMap<>();

    public boolean open() {
        return start != NONE;
    }

    public long updatedAtMillis() {
        return updatedAtMillis;
    }

    /** Whether {@code p} starts after the window being filled (which is then finished). */
    public boolean isLater(FamilyPartial p) {
        return open() && p.start() > start;
    }

    /** Whether {@code w} starts after the window being filled. */
    public boolean isLater(WindowTrends w) {
        return open() && w.start() > start;
    }

    /** Adds a node's window, false if it is late; call {@link #finish} first when {@link #isLater} says so. */
    public boolean add(WindowTrends w, long nowMillis) {
        return add(FamilyPartial.of(w), nowMillis);
    }

    /** Adds a roll-up of some of the family's nodes, false if it is late. */
    public boolean add(FamilyPartial p, long nowMillis) {
        if (p.start() <= emittedThrough || (open() && p.start() < start)) {
            return false;
        }
        if (!open()) {
            start = p.start();
            end = p.end();
        }
        family = p.family();
        updatedAtMillis = nowMillis;
        p.metrics()
                .forEach((id, r) ->
                        metrics.computeIfAbsent(id, k -> new FamilyRollup()).merge(r));
        return true;
    }

    /**
     * The finished window's roll-ups as one trend window of node {@code family:<name>} (null if no
     * metric was rolled up), and an empty window in its place.
     */
    public TrendWindow finish() {
        List<MetricSummary> out = new ArrayList<>(metrics.size());
        metrics.forEach((id, r) -> {
            if (r.nodes() > 0) {
                out.add(r.toSummary(id));
            }
        });
        TrendWindow w = out.isEmpty()
                ? null
                : TrendWindow.newBuilder()
                        .setNode("family:" + family)
                        .setFamily(family)
                        .setWindowStart(Instant.ofEpochMilli(start))
                        .setWindowEnd(Instant.ofEpochMilli(end))
                        .setMetrics(out)
                        .build();
        emittedThrough = start;
        start = NONE;
        metrics.clear();
        return w;
    }

    public byte[] toBytes() {
        byte[] fam = family.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1
                + Integer.BYTES
                + fam.length
                + 4 * Long.BYTES
                + Integer.BYTES
                + metrics.size() * (Integer.BYTES + FamilyRollup.BYTES));
        b.put(StateFormat.V2)
                .putInt(fam.length)
                .put(fam)
                .putLong(start)
                .putLong(end)
                .putLong(emittedThrough)
                .putLong(updatedAtMillis)
                .putInt(metrics.size());
        metrics.forEach((id, r) -> {
            b.putInt(id);
            r.writeTo(b);
        });
        return b.array();
    }

    public static FamilyWindow fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).position(StateFormat.bodyOffset(bytes));
        FamilyWindow w = new FamilyWindow();
        byte[] fam = new byte[b.getInt()];
        b.get(fam);
        w.family = new String(fam, StandardCharsets.UTF_8);
        w.start = b.getLong();
        w.end = b.getLong();
        w.emittedThrough = b.getLong();
        w.updatedAtMillis = b.getLong();
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            w.metrics.put(b.getInt(), FamilyRollup.readFrom(b));
        }
        return w;
    }
}
