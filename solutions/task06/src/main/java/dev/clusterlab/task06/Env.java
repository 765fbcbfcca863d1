package dev.clusterlab.task06;

/** Settings from the environment, each with a default and a clear error when it is not a number. */
final class Env {
    private Env() {
    }

    /** An int from the environment, or {@code fallback} when it is not set; at least {@code min}. */
    static int integer(String name, int fallback, int min) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
        }
        if (parsed < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + parsed);
        }
        return parsed;
    }

    /** A string from the environment, or {@code fallback} when it is not set. */
    static String text(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
