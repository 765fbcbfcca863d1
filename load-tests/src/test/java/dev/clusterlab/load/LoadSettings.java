package dev.clusterlab.load;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * What a run of {@link MixedLoad} is told on the command line, each with a small default:
 *
 * <pre>
 * -DbaseUrl=http://127.0.0.1:8080   the app under load; its host must be 127.0.0.1 or localhost
 * -Dusers=20                         virtual users, all started at once, each on its own keep-alive connection
 * -Dduration=20                      seconds each user keeps sending requests
 * -DworkN=1000000                    n of the CPU-heavy GET /work?n=N (the apps' default n: a few hundred ms of one core)
 * -DworkPercent=20                   share of the requests that are CPU-heavy, 0 to 100
 * </pre>
 *
 * @param baseUrl     the app's base URL, always on the loopback interface
 * @param users       concurrent virtual users
 * @param duration    how long each user sends requests
 * @param workN       the {@code n} of the CPU-heavy request
 * @param workPercent the share of CPU-heavy requests, in percent
 */
public record LoadSettings(URI baseUrl, int users, Duration duration, int workN, int workPercent) {

    /** The hosts load may go to: load only ever goes to the loopback interface. */
    public static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost");

    /** Validates; refuses a base URL off the loopback interface. */
    public LoadSettings {
        requireLoopback(baseUrl);
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, was " + users);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be at least 1 second, was " + duration);
        }
        if (workN < 0) {
            throw new IllegalArgumentException("workN must not be negative, was " + workN);
        }
        if (workPercent < 0 || workPercent > 100) {
            throw new IllegalArgumentException("workPercent must be within 0..100, was " + workPercent);
        }
    }

    /** The settings from {@code -DbaseUrl, -Dusers, -Dduration, -DworkN, -DworkPercent}. */
    public static LoadSettings fromSystemProperties() {
        return new LoadSettings(
                parseUrl(System.getProperty("baseUrl", "http://127.0.0.1:8080")),
                intProperty("users", 20),
                Duration.ofSeconds(intProperty("duration", 20)),
                intProperty("workN", 1_000_000),
                intProperty("workPercent", 20));
    }

    /** The base URL as Gatling wants it: no trailing slash. */
    public String baseUrlText() {
        String s = baseUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Throws unless {@code url} is an http(s) URL whose host is 127.0.0.1 or localhost.
     *
     * @throws IllegalArgumentException naming the URL and the hosts allowed
     */
    public static void requireLoopback(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("baseUrl " + url + " is not an http:// or https:// URL");
        }
        if (!LOOPBACK_HOSTS.contains(host) || url.getUserInfo() != null) {
            throw new IllegalArgumentException("refusing to load " + url + ": load only ever goes to the loopback "
                    + "interface; use a baseUrl on 127.0.0.1 or localhost, e.g. -DbaseUrl=http://127.0.0.1:8080");
        }
    }

    private static URI parseUrl(String text) {
        try {
            return new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl " + text + " is not a URL: " + e.getMessage(), e);
        }
    }

    private static int intProperty(String name, int fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + value + " is not a whole number", e);
        }
    }
}
