package io.numbat.processor.anomaly;

import java.nio.ByteBuffer;

/**
 * Sequence memory of a series at a coarse timescale: samples are grouped in blocks of
 * {@link #BLOCK} and each block is reduced to its extreme farthest from the running mean (so a
 * one-sample spike survives), quantised into {@link #LEVELS} levels of the seen range. The next
 * level is predicted from the previous two with small decaying counts, backed off to a prediction
 * from the previous level alone (a Dirichlet prior of weight {@link #BACKOFF} centred on it), so a
 * sparse two-level context does not make ordinary noise look surprising. Each block's surprise is
 * -log p scaled to about [0, 1]. It catches shape changes inside the seen range, such as a daily
 * cycle that goes flat or starts oscillating faster. The counts take 288 bytes.
 */
final class BlockSequence {
    static final int BLOCK = 4;
    /** Levels: 1..LEVELS-2 inside the seen range, 0 and LEVELS-1 beyond it. */
    static final int LEVELS = 8;
    /** Count at which a context's counts are halved, so recent behaviour weighs more. */
    static final int CAP = 7;
    /** Additive prior of every count of the one-level model. */
    static final double PRIOR = 0.5;
    /** Weight of the one-level prediction in the two-level one (pseudo-counts). */
    static final double BACKOFF = 4;
    /** Gain of the running mean that decides which block extreme is kept. */
    static final double MEAN_GAIN = 0.01;

    static final int BYTES = 1 + 2 * Double.BYTES + 2 + Double.BYTES + (LEVELS * LEVELS + LEVELS * LEVELS * LEVELS) / 2;
    private static final double NORM = Math.log(2.0 * LEVELS);

    private int inBlock;
    private double blockMin;
    private double blockMax;
    private int previous;
    private int beforePrevious;
    private double surprise;
    /** Counts of (previous, next) level pairs, two 4-bit counts per byte. */
    private final byte[] pairs = new byte[LEVELS * LEVELS / 2];
    /** Counts of (beforePrevious, previous, next) level triples, two 4-bit counts per byte. */
    private final byte[] triples = new byte[LEVELS * LEVELS * LEVELS / 2];

    /**
     * Adds a sample; returns the surprise of the last completed block (held until the next block
     * completes). The range and mean are the detector's, from before this sample.
     */
    double add(double value, double min, double max, double mean) {
        if (inBlock == 0) {
            blockMin = value;
            blockMax = value;
        } else {
            blockMin = Math.min(blockMin, value);
            blockMax = Math.max(blockMax, value);
        }
        if (++inBlock == BLOCK) {
            inBlock = 0;
            double extreme = Math.abs(blockMax - mean) >= Math.abs(blockMin - mean) ? blockMax : blockMin;
            int level = level(extreme, min, max);
            int pair = previous * LEVELS;
            int triple = (beforePrevious * LEVELS + previous) * LEVELS;
            double p1 = (count(pairs, pair + level) + PRIOR) / (total(pairs, pair) + PRIOR * LEVELS);
            double p2 = (count(triples, triple + level) + BACKOFF * p1) / (total(triples, triple) + BACKOFF);
            surprise = -Math.log(p2) / NORM;
            learn(pairs, pair, level);
            learn(triples, triple, level);
            beforePrevious = previous;
            previous = level;
        }
        return surprise;
    }

    /** The level of a value in the range [min, max]; the middle level when the range is empty. */
    static int level(double value, double min, double max) {
        double position = (value - min) / (max - min);
        if (Double.isNaN(position)) {
            return LEVELS / 2;
        }
        int level = (int) Math.floor(position * (LEVELS - 2)) + 1;
        return Math.max(0, Math.min(LEVELS - 1, level));
    }

    private static int total(byte[] counts, int context) {
        int total = 0;
        for (int i = 0; i < LEVELS; i++) {
            total += count(counts, context + i);
        }
        return total;
    }

    /** Counts one more {@code level} after {@code context}, first halving the context if it is full. */
    private static void learn(byte[] counts, int context, int level) {
        if (count(counts, context + level) >= CAP) {
            for (int i = 0; i < LEVELS; i++) {
                setCount(counts, context + i, count(counts, context + i) / 2);
            }
        }
        setCount(counts, context + level, count(counts, context + level) + 1);
    }

    private static int count(byte[] counts, int i) {
        int b = counts[i >> 1] & 0xff;
        return (i & 1) == 0 ? b & 0x0f : b >>> 4;
    }

    private static void setCount(byte[] counts, int i, int c) {
        int b = counts[i >> 1] & 0xff;
        b = (i & 1) == 0 ? (b & 0xf0) | c : (b & 0x0f) | (c << 4);
        counts[i >> 1] = (byte) b;
    }

    void write(ByteBuffer out) {
        out.put((byte) inBlock).putDouble(blockMin).putDouble(blockMax);
        out.put((byte) previous)
                .put((byte) beforePrevious)
                .putDouble(surprise)
                .put(pairs)
                .put(triples);
    }

    void read(ByteBuffer in) {
        inBlock = in.get();
        blockMin = in.getDouble();
        blockMax = in.getDouble();
        previous = in.get();
        beforePrevious = in.get();
        surprise = in.getDouble();
        in.get(pairs);
        in.get(triples);
        if (inBlock < 0
                || inBlock >= BLOCK
                || previous < 0
                || previous >= LEVELS
                || beforePrevious < 0
                || beforePrevious >= LEVELS) {
            throw new IllegalArgumentException("corrupt anomaly detector state");
        }
    }
}
