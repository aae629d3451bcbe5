package io.numbat.bench;

/** The slope of the least-squares line through points, for the trend of a series sampled a few times. */
final class LeastSquares {
    private LeastSquares() {}

    /** Slope of y over x; needs at least two distinct x. */
    static double slope(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("need two or more points, with as many x as y");
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("all points at the same x");
        }
        return sxy / sxx;
    }
}
