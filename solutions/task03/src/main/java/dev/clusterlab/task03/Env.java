package dev.clusterlab.task03;

import java.util.Locale;

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

    /** Whether a variable is set to {@code 1}, {@code true} or {@code yes}. */
    static boolean flag(String name) {
        String value = System.getenv(name);
        return value != null && switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            default -> false;
        };
    }
}
