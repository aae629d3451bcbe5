package io.numbat.processor.forecast;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Online time-to-exhaustion of one metric against its limit, robust to bursts: samples are reduced
 * to per-block medians (a burst shorter than half a block vanishes), a Theil–Sen line is fitted
 * over the newest blocks (the last {@code minBlocks}, then twice as many, up to the whole window,
 * until one gives a forecast), and a forecast is made only when the Mann–Kendall test says the rise is a
 * trend (z at least {@code minTrendZ}), the window does not merely contain a level shift, and the
 * limit would be reached within the horizon. A
 * drop to below half of the previous block (a restart, a recovery) starts the window afresh.
 */
public final class ExhaustionForecaster {
    private static final int BLOCK_SAMPLES = 32;

    /** A forecast: the robust current level, the limit, seconds until the limit, confidence in [0, 1]. */
    public record Forecast(double level, double limit, double secondsToExhaustion, double confidence) {}

    /** How the forecaster works; the same for every series. */
    public record Settings(long blockMillis, int windowBlocks, int minBlocks, double minTrendZ, long horizonMillis) {
        public Settings {
            if (blockMillis <= 0
                    || windowBlocks < 3
                    || minBlocks < 3
                    || minBlocks > windowBlocks
                    || minTrendZ < 0
                    || horizonMillis <= 0) {
                throw new IllegalArgumentException("forecast settings out of range: " + blockMillis + " ms blocks, "
                        + windowBlocks + " in the window, " + minBlocks + " at least, trend z " + minTrendZ
                        + ", horizon " + horizonMillis + " ms");
            }
        }

        /** 20 s blocks, an 8-minute window, a forecast after 2 minutes of evidence, z >= 2, a 1 h horizon. */
        public static Settings defaults() {
            return new Settings(20_000, 24, 6, 2.0, 3_600_000);
        }
    }

    private final Settings settings;
    private final RobustTrend trend;
    private final double[] block = new double[BLOCK_SAMPLES];
    private int blockCount;
    private long blockStart = Long.MIN_VALUE;
    private double lastBlockMedian = Double.NaN;
    private boolean closedBlock;

    public ExhaustionForecaster(Settings settings) {
        this.settings = settings;
        this.trend = new RobustTrend(settings.windowBlocks());
    }

    /**
     * Adds a sample; when it closes a block, re-fits and returns a forecast if the metric is
     * trending towards {@code limit}. Non-finite values are ignored.
     */
    public Optional<Forecast> add(long timestampMillis, double value, double limit) {
        if (!Double.isFinite(value) || !Double.isFinite(limit) || limit <= 0) {
            return Optional.empty();
        }
        Optional<Forecast> out = Optional.empty();
        closedBlock = false;
        if (blockStart == Long.MIN_VALUE) {
            blockStart = timestampMillis - Math.floorMod(timestampMillis, settings.blockMillis());
        } else if (timestampMillis >= blockStart + settings.blockMillis()) {
            out = closeBlock(limit);
            closedBlock = true;
            blockStart = timestampMillis - Math.floorMod(timestampMillis, settings.blockMillis());
        }
        if (blockCount < BLOCK_SAMPLES) {
            block[blockCount++] = value;
        }
        return out;
    }

    private Optional<Forecast> closeBlock(double limit) {
        if (blockCount == 0) {
            return Optional.empty();
        }
        double median = RobustTrend.median(block, blockCount);
        blockCount = 0;
        if (lastBlockMedian > 0 && median < 0.5 * lastBlockMedian) {
            trend.clear();
        }
        lastBlockMedian = median;
        double t = (blockStart + settings.blockMillis() / 2.0) / 1000.0;
        trend.add(t, median);
        if (trend.size() < settings.minBlocks()) {
            return Optional.empty();
        }
        double now = (blockStart + settings.blockMillis()) / 1000.0;
        // newest evidence first: a leak that began recently shows in a short window long before it
        // dominates the whole one; a longer window is used when the short one is inconclusive, but
        // only while the newest blocks still rise (a leak that stopped is no longer forecast)
        RobustTrend.Fit recent = trend.fit(now, settings.minBlocks());
        for (int k = settings.minBlocks(); ; k = Math.min(2 * k, trend.capacity())) {
            RobustTrend.Fit fit = k == settings.minBlocks() ? recent : trend.fit(now, k);
            Optional<Forecast> f = forecastOver(fit, k, limit, recent.slope());
            if (f.isPresent() || k >= trend.size()) {
                return f;
            }
        }
    }

    private Optional<Forecast> forecastOver(RobustTrend.Fit fit, int blocks, double limit, double recentSlope) {
        if (fit.slope() <= 0
                || fit.trendZ() < settings.minTrendZ()
                || trend.looksLikeLevelShift(fit.slope(), blocks)
                || recentSlope < 0.25 * fit.slope()) {
            return Optional.empty();
        }
        double seconds = Math.max(0, (limit - fit.level()) / fit.slope());
        if (seconds * 1000 > settings.horizonMillis()) {
            return Optional.empty();
        }
        return Optional.of(new Forecast(fit.level(), limit, seconds, confidence(fit.trendZ())));
    }

    /** Whether the last {@link #add} closed a block (and so re-evaluated the forecast). */
    public boolean closedBlock() {
        return closedBlock;
    }

    /** How sure the trend is real: 0.5 at the minimum z, rising towards 1 as z grows (a heuristic, not a probability). */
    private double confidence(double z) {
        double x = z - settings.minTrendZ();
        return 1 - 0.5 * Math.exp(-x * x / 2 - 0.7 * x);
    }

    /** Bytes of {@link #writeTo} and {@link #toBytes()}. */
    public int bytes() {
        return Long.BYTES + Double.BYTES + 1 + blockCount * Float.BYTES + trend.bytes();
    }

    public void writeTo(DataOutputStream out) throws IOException {
        out.writeLong(blockStart);
        out.writeDouble(lastBlockMedian);
        out.writeByte(blockCount);
        for (int i = 0; i < blockCount; i++) {
            out.writeFloat((float) block[i]);
        }
        trend.writeTo(out);
    }

    void readFrom(DataInputStream in) throws IOException {
        blockStart = in.readLong();
        lastBlockMedian = in.readDouble();
        blockCount = in.readByte();
        for (int i = 0; i < blockCount; i++) {
            block[i] = in.readFloat();
        }
        trend.readFrom(in);
    }

    /** Serialises to bytes (for a state store). */
    public byte[] toBytes() {
        var bytes = new ByteArrayOutputStream(bytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ExhaustionForecaster fromBytes(Settings settings, byte[] bytes) {
        ExhaustionForecaster f = new ExhaustionForecaster(settings);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            f.readFrom(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }
}
