package io.minetwin.simulator;

/**
 * A small, fast, seedable random source (SplitMix64) with Gaussian deviates; one per purpose and twin,
 * so that the draws of one twin never depend on how many another made.
 */
final class Rng {

    private long state;
    private double spare;
    private boolean hasSpare;

    Rng(long seed) {
        this.state = seed;
    }

    /** A seed for {@code purpose} of {@code name}, stable across runs and fleet edits elsewhere. */
    static long derive(long seed, String name, String purpose) {
        long h = 0xcbf29ce484222325L;
        for (char c : (name + "#" + purpose).toCharArray()) {
            h ^= c;
            h *= 0x100000001b3L;
        }
        return mix(seed ^ mix(h));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9e3779b97f4a7c15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Standard normal (Marsaglia polar method). */
    double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * f;
        hasSpare = true;
        return u * f;
    }

    /** Normal with the given mean and standard deviation. */
    double gaussian(double mean, double sd) {
        return mean + sd * nextGaussian();
    }

    /** Exponential with the given mean. */
    double exponential(double mean) {
        return -mean * Math.log(1 - nextDouble());
    }

    /** A Weibull deviate with scale 1 and the given shape: {@code (-ln U)^(1/shape)}. */
    double weibull(double shape) {
        return Math.pow(-Math.log(1 - nextDouble()), 1 / shape);
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }
}
