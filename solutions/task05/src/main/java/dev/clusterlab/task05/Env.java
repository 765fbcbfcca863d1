package dev.clusterlab.task05;

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

    /** A string from the environment, or {@code fallback} when it is not set. */
    static String text(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** A string that must be set. */
    static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
        return value.trim();
    }
}
