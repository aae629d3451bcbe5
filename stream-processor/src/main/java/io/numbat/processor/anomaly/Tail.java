package io.numbat.processor.anomaly;

/**
 * Turns a surprise into a calibrated score: the one-sided Gaussian tail probability of the surprise
 * under the series' own mean and deviation, mapped to -log10(tail) / 10 and capped at 1 (a tail of
 * 1e-5 scores 0.5). This is what makes one threshold fit every series.
 */
final class Tail {
    private Tail() {}

    static double score(double x, double mean, double deviation) {
        double tail = 0.5 * erfc((x - mean) / (deviation * Math.sqrt(2)));
        return Math.min(1, -Math.log10(Math.max(tail, 1e-300)) / 10);
    }

    /** The one-sided Gaussian tail probability of {@code x} above {@code mean}: what {@link #score} maps. */
    static double tail(double x, double mean, double deviation) {
        return 0.5 * erfc((x - mean) / (deviation * Math.sqrt(2)));
    }

    /** The score of a tail probability, -log10(tail) / 10 in [0, 1] ({@link #score} of a computed tail). */
    static double scoreOf(double tail) {
        return Math.max(0, Math.min(1, -Math.log10(Math.max(tail, 1e-300)) / 10));
    }

    /** Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
