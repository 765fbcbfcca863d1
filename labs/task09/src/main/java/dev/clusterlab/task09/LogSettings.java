package dev.clusterlab.task09;

import ch.qos.logback.core.util.FileSize;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where the primary puts its workers' log lines, from the environment:
 * {@code LOG_DIR} (no collection when unset), {@code LOG_MAX_FILE_SIZE} (10MB),
 * {@code LOG_STORE_URL} (an Elasticsearch-compatible store; no shipping when unset) and
 * {@code LOG_INDEX} (clusterlab-logs).
 */
record LogSettings(Path dir, FileSize maxFileSize, URI store, String index) {
    static final String DEFAULT_MAX_FILE_SIZE = "10MB";
    static final String DEFAULT_INDEX = "clusterlab-logs";

    /** The settings, or null when {@code LOG_DIR} is unset: the runtime then prints worker lines as they come. */
    static LogSettings fromEnv() {
        String dir = env("LOG_DIR", null);
        if (dir == null) {
            return null;
        }
        String size = env("LOG_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE);
        FileSize maxFileSize;
        try {
            maxFileSize = FileSize.valueOf(size);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LOG_MAX_FILE_SIZE must be a size like 512KB or 10MB, was '" + size + "'", e);
        }
        String store = env("LOG_STORE_URL", null);
        URI storeUri = null;
        if (store != null) {
            storeUri = URI.create(store.endsWith("/") ? store : store + "/");
            if (!"http".equals(storeUri.getScheme()) && !"https".equals(storeUri.getScheme())) {
                throw new IllegalArgumentException("LOG_STORE_URL must be an http(s) URL like http://127.0.0.1:9200,"
                        + " was '" + store + "'");
            }
        }
        String index = env("LOG_INDEX", DEFAULT_INDEX);
        if (!index.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("LOG_INDEX must be a lower-case index name like clusterlab-logs, was '"
                    + index + "'");
        }
        return new LogSettings(Path.of(dir), maxFileSize, storeUri, index);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
