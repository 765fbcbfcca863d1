package dev.clusterlab.task07;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one instance of {@link ZeroDowntimeServer} runs with, from environment variables.
 *
 * @param port          {@code PORT}: where the workers serve (default 8080)
 * @param adminPort     {@code ADMIN_PORT}: where the primary takes {@code POST /admin/reload} and answers
 *                      {@code GET /admin/status} (default {@code port + 1000})
 * @param workers       {@code WORKERS}: how many workers serve (default 2)
 * @param versionFile   {@code VERSION_FILE}: the release artifact every worker reads its version from when
 *                      it starts; null when not set
 * @param batch         {@code BATCH}: how many workers a rolling reload replaces at once (default 1)
 * @param startTimeout  {@code START_TIMEOUT_MS}: how long a new worker may take to be ready before the
 *                      reload gives up (default 20 s)
 * @param drainDeadline {@code DRAIN_DEADLINE_MS}: how long an old worker may take to finish its requests,
 *                      in a reload and at shutdown (default 10 s)
 */
record Settings(int port, int adminPort, int workers, Path versionFile, int batch, Duration startTimeout,
                Duration drainDeadline) {

    Settings {
        if (workers < 1 || batch < 1) {
            throw new IllegalArgumentException("WORKERS and BATCH must be at least 1, were " + workers + " and " + batch);
        }
    }

    /** The settings from the environment. */
    static Settings fromEnv() {
        int port = integer("PORT", 8080);
        String versionFile = System.getenv("VERSION_FILE");
        return new Settings(port, integer("ADMIN_PORT", port + 1000), integer("WORKERS", 2),
                versionFile == null || versionFile.isBlank() ? null : Path.of(versionFile),
                integer("BATCH", 1), Duration.ofMillis(integer("START_TIMEOUT_MS", 20_000)),
                Duration.ofMillis(integer("DRAIN_DEADLINE_MS", 10_000)));
    }

    private static int integer(String name, int fallback) {
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
}
