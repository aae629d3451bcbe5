package io.numbat.processor.anomaly;

/**
 * Online anomaly score of one metric series, in [0, 1] and calibrated so that one threshold means
 * the same on every series. It combines two signals: a new extreme beyond the range seen so far
 * (plus a margin), and a novelty model's surprise turned into a per-series tail probability. The
 * novelty model is chosen by {@link Kind}: the seasonal baseline (a daily profile, the default), the
 * transition model of the coarsely quantised signal, or both. A firing mutes the output for a
 * while, so an anomaly yields one early spike rather than a run. No look-ahead: every decision uses
 * past samples only.
 *
 * <p>Rules for odd input: a NaN or infinite value, or a sample older than the last one, is ignored
 * (score 0, state unchanged). A constant series has no scale, so its first move is not a new extreme;
 * it fires only if the novelty model finds it surprising enough. Warm-up, blocks and mute are
 * counted in samples, so the detector assumes regular sampling.
 *
 * <p>State is fixed-size ({@link #stateBytes()} bytes serialised: {@link #STATE_BYTES} for the transition
 * model, {@link Kind#stateBytes()} for each kind) and allocation-free per sample. Not thread-safe: one instance per series.
 */
public final class AnomalyDetector {
    /** The novelty model behind the score. */
    public enum Kind {
        /** The transition model over blocks of quantised levels ({@link BlockSequence}). */
        TRANSITION,
        /** The seasonal baseline alone: a daily profile in time-of-day bins ({@link DailyProfile}); the default. */
        SEASONAL,
        /**
         * Both, each calibrated into a tail probability and combined by the smaller one with a Bonferroni
         * factor of 2 (the chance that either of two tests is that extreme): no constant of its own.
         */
        ENSEMBLE;

        /** The state of one series, serialised, in bytes. */
        public int stateBytes() {
            return DetectorState.bytes(this);
        }
    }

    /** Bytes of {@link #toBytes()} of the transition model: the whole per-series state. */
    public static final int STATE_BYTES = DetectorState.BYTES;

    /**
     * The processor's, the replay's and the benchmarks' detector: the seasonal baseline (issue 18: cross-validated
     * NAB score 69.2 against the transition model's 68.9, and no false alarm on 1,000 healthy simulated nodes in 2,
     * 48 or 120 hours, where the transition model raised 49 in 48).
     */
    public static final Kind DEFAULT_KIND = Kind.SEASONAL;

    /** {@link #DEFAULT_KIND}'s name, as the command line takes it. */
    public static final String DEFAULT_KIND_NAME = "seasonal";

    /** Samples before any score is emitted (a day at 5-minute sampling: a daily range is learnt). */
    static final int WARMUP = 300;
    /** Samples during which the output stays 0 after a firing. */
    static final int MUTE = 100;
    /** Internal level at or above which the output counts as a firing and starts the mute. */
    static final double FIRE = 0.5;
    /** A value this fraction of the seen range beyond the seen extremes is a new extreme. */
    static final double SPATIAL_MARGIN = 0.05;
    /** Output for a new extreme: this plus up to 0.1 for an exceedance of a whole range. */
    static final double SPATIAL_SCORE = 0.9;
    /** Gain of the short average of the surprise (about 10 samples). */
    static final double SHORT_GAIN = 0.1;
    /** Smallest gain of the long mean and variance of the averaged surprise (about 500 samples). */
    static final double LONG_GAIN = 0.002;
    /** Floors of the long statistics, so a perfectly regular series does not fire on noise. */
    static final double MIN_MEAN = 0.03;

    static final double MIN_VARIANCE = 1e-4;

    private final DetectorState s;

    public AnomalyDetector(Kind kind) {
        this(new DetectorState(kind));
    }

    private AnomalyDetector(DetectorState state) {
        this.s = state;
    }

    /** Scores one sample and learns from it; see the class comment for the rules on odd input. */
    public double score(long timestampMillis, double value) {
        if (!Double.isFinite(value) || (s.count > 0 && timestampMillis < s.lastMillis)) {
            return 0;
        }
        long sinceMillis = timestampMillis - s.lastMillis;
        s.lastMillis = timestampMillis;
        s.count++;
        if (s.count == 1) {
            s.min = value;
            s.max = value;
            s.mean = value;
            return 0;
        }
        double exceedance = exceedance(value);
        double seasonalTail = s.profile == null ? 1 : s.profile.tail(timestampMillis, sinceMillis, value, s.min, s.max);
        double surprise = s.blocks == null ? 0 : s.blocks.add(value, s.min, s.max, s.mean);
        learn(value, surprise);
        if (s.count <= WARMUP) {
            return 0;
        }
        double score = switch (s.kind) {
            case TRANSITION -> Tail.score(s.average, longMean(), longDeviation());
            case SEASONAL -> Tail.scoreOf(seasonalTail);
            case ENSEMBLE ->
                Tail.scoreOf(
                        Math.min(1, 2 * Math.min(Tail.tail(s.average, longMean(), longDeviation()), seasonalTail)));
        };
        if (exceedance > 0) {
            score = Math.max(score, SPATIAL_SCORE + (1 - SPATIAL_SCORE) * Math.min(1, exceedance));
        }
        if (s.mute > 0) {
            s.mute--;
            return 0;
        }
        if (score >= FIRE) {
            s.mute = MUTE;
        }
        return score;
    }

    private double longMean() {
        return Math.max(s.longMean, MIN_MEAN);
    }

    private double longDeviation() {
        return Math.sqrt(Math.max(s.longVariance, MIN_VARIANCE));
    }

    public Kind kind() {
        return s.kind;
    }

    /** Bytes of {@link #toBytes()}. */
    public int stateBytes() {
        return s.kind.stateBytes();
    }

    /**
     * How far the value lies beyond the seen range plus the margin, in ranges (0 if inside). A series
     * that has not varied yet has no scale, so nothing is beyond its range; overflowing arithmetic
     * counts as one range.
     */
    private double exceedance(double value) {
        double range = s.max - s.min;
        if (s.count <= WARMUP || !(range > 0)) {
            return 0;
        }
        double margin = SPATIAL_MARGIN * range;
        double beyond = Math.max(value - (s.max + margin), (s.min - margin) - value);
        if (!(beyond > 0)) {
            return 0;
        }
        double ranges = beyond / range;
        return Double.isFinite(ranges) ? ranges : 1;
    }

    private void learn(double value, double surprise) {
        s.min = Math.min(s.min, value);
        s.max = Math.max(s.max, value);
        s.mean += BlockSequence.MEAN_GAIN * (value - s.mean);
        if (!Double.isFinite(s.mean)) {
            s.mean = value;
        }
        if (s.blocks == null) {
            return;
        }
        s.average = s.count == 2 ? surprise : s.average + SHORT_GAIN * (surprise - s.average);
        double gain = Math.max(LONG_GAIN, 1.0 / s.count);
        double d = s.average - s.longMean;
        s.longMean += gain * d;
        s.longVariance = (1 - gain) * (s.longVariance + gain * d * d);
    }

    /** The whole state as {@link #stateBytes()} bytes, for a state store. */
    public byte[] toBytes() {
        return s.toBytes();
    }

    /** A detector (of the kind that wrote them) continuing exactly where the one that wrote {@code bytes} stopped. */
    public static AnomalyDetector fromBytes(byte[] bytes) {
        return new AnomalyDetector(DetectorState.fromBytes(bytes));
    }
}
