package dev.clusterlab.task04;

import java.time.Duration;

/** Settings from environment variables, with a fallback when one is not set. */
final class Env {
    private Env() {
    }

    /** An int from the environment, or {@code fallback} when it is not set. */
    static int integer(String name, int fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
        }
    }

    /** A positive number of milliseconds from the environment, or {@code fallback} when it is not set. */
    static Duration millis(String name, long fallback) {
        int value = integer(name, (int) fallback);
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 (milliseconds), was " + value);
        }
        return Duration.ofMillis(value);
    }

    /** A string from the environment, or {@code fallback} when it is not set. */
    static String text(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
