package io.numbat.processor.anomaly;

import java.nio.ByteBuffer;

/**
 * Sequence memory of a series at a coarse timescale: samples are grouped in blocks of
 * {@link #BLOCK} and each block is reduced to its extreme farthest from the running mean (so a
 * one-sample spike survives), quantised into {@link #LEVELS} levels of the seen range. A transition
 * model (the previous block level predicts the next) with small decaying counts gives the surprise
 * of each new block, -log p scaled to about [0, 1]. It catches shape changes that stay inside the
 * seen range, such as a daily cycle that goes flat or a new oscillation. The counts take 32 bytes.
 */
final class BlockSequence {
    static final int BLOCK = 4;
    /** Levels: 1..LEVELS-2 inside the seen range, 0 and LEVELS-1 beyond it. */
    static final int LEVELS = 8;
    /** Count at which a level's transition counts are halved, so recent behaviour weighs more. */
    static final int CAP = 7;
    /** Additive (Dirichlet) prior of every transition count. */
    static final double PRIOR = 0.5;
    /** Gain of the running mean that decides which block extreme is kept. */
    static final double MEAN_GAIN = 0.01;
    static final int BYTES = 1 + 2 * Double.BYTES + 1 + Double.BYTES + LEVELS * LEVELS / 2;
    private static final double NORM = Math.log(2.0 * LEVELS);

    private int inBlock;
    private double blockMin;
    private double blockMax;
    private int previous;
    private double surprise;
    /** Counts of (previous, next) level pairs, two 4-bit counts per byte. */
    private final byte[] counts = new byte[LEVELS * LEVELS / 2];

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
            int row = previous * LEVELS;
            int total = 0;
            for (int i = 0; i < LEVELS; i++) {
                total += count(row + i);
            }
            surprise = -Math.log((count(row + level) + PRIOR) / (total + PRIOR * LEVELS)) / NORM;
            if (count(row + level) >= CAP) {
                for (int i = 0; i < LEVELS; i++) {
                    setCount(row + i, count(row + i) / 2);
                }
            }
            setCount(row + level, count(row + level) + 1);
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

    private int count(int i) {
        int b = counts[i >> 1] & 0xff;
        return (i & 1) == 0 ? b & 0x0f : b >>> 4;
    }

    private void setCount(int i, int c) {
        int b = counts[i >> 1] & 0xff;
        b = (i & 1) == 0 ? (b & 0xf0) | c : (b & 0x0f) | (c << 4);
        counts[i >> 1] = (byte) b;
    }

    void write(ByteBuffer out) {
        out.put((byte) inBlock).putDouble(blockMin).putDouble(blockMax);
        out.put((byte) previous).putDouble(surprise).put(counts);
    }

    void read(ByteBuffer in) {
        inBlock = in.get();
        blockMin = in.getDouble();
        blockMax = in.getDouble();
        previous = in.get();
        surprise = in.getDouble();
        in.get(counts);
        if (inBlock < 0 || inBlock >= BLOCK || previous < 0 || previous >= LEVELS) {
            throw new IllegalArgumentException("corrupt anomaly detector state");
        }
    }
}
