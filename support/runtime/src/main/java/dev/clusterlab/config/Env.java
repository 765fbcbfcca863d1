package dev.clusterlab.config;

import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * An app's settings from environment variables, as a Node service reads {@code process.env}: each
 * with a fallback when it is not set, and an error naming the variable when it is set wrong, so a
 * typo stops the app at start rather than running it with a surprise.
 */
public final class Env {
    private static final UnaryOperator<String> SYSTEM = System::getenv;

    private Env() {
    }

    /** An int, or {@code fallback} when {@code name} is not set. */
    public static int integer(String name, int fallback) {
        return integer(SYSTEM, name, fallback, Integer.MIN_VALUE);
    }

    /** An int of at least {@code min}, or {@code fallback} when {@code name} is not set. */
    public static int integer(String name, int fallback, int min) {
        return integer(SYSTEM, name, fallback, min);
    }

    /** A positive number of milliseconds, or {@code fallbackMillis} when {@code name} is not set. */
    public static Duration millis(String name, long fallbackMillis) {
        return millis(SYSTEM, name, fallbackMillis);
    }

    /** A string, trimmed, or {@code fallback} when {@code name} is not set or blank. */
    public static String text(String name, String fallback) {
        return text(SYSTEM, name, fallback);
    }

    /** A string that must be set. */
    public static String required(String name) {
        return required(SYSTEM, name);
    }

    /** Whether {@code name} is set to {@code 1}, {@code true} or {@code yes} (any case). */
    public static boolean flag(String name) {
        return flag(SYSTEM, name);
    }

    static int integer(UnaryOperator<String> env, String name, int fallback, int min) {
        String value = env.apply(name);
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

    static Duration millis(UnaryOperator<String> env, String name, long fallbackMillis) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            return Duration.ofMillis(fallbackMillis);
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of milliseconds, was '" + value + "'", e);
        }
        if (parsed < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 (milliseconds), was " + parsed);
        }
        return Duration.ofMillis(parsed);
    }

    static String text(UnaryOperator<String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static String required(UnaryOperator<String> env, String name) {
        String value = text(env, name, null);
        if (value == null) {
            throw new IllegalArgumentException(name + " must be set");
        }
        return value;
    }

    static boolean flag(UnaryOperator<String> env, String name) {
        String value = env.apply(name);
        return value != null && switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            default -> false;
        };
    }
}
