package dev.clusterlab.grader.model;

import java.util.Locale;

/** Percentages as the reports show them: one decimal, and 0 when there is nothing to score. */
public final class Percent {
    private Percent() {
    }

    /** {@code score / max} in percent, rounded to one decimal. */
    public static double of(int score, int max) {
        return max <= 0 ? 0.0 : round(100.0 * score / max);
    }

    /** Rounds to one decimal, the precision reports and {@code --expect-percent} use. */
    public static double round(double percent) {
        return Math.round(percent * 10.0) / 10.0;
    }

    /** {@code 62.5}, {@code 100}, {@code 0}: one decimal, none when it is zero. */
    public static String format(double percent) {
        double r = round(percent);
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }
}
