package dev.clusterlab.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request of a {@link LoadLoop}: what came back, or why nothing did.
 *
 * @param sentAt when the request was sent, from the start of the loop
 * @param latency how long it took, to the last body byte or to the error
 * @param status the status code, or -1 when the request failed
 * @param headers the response headers (case-insensitive names), empty when it failed
 * @param body the response body, "" when it failed
 * @param error why the request failed ("ConnectException: Connection refused"), or null
 */
public record LoadSample(Duration sentAt, Duration latency, int status, Map<String, List<String>> headers,
                         String body, String error) {

    /** Whether a response came back (any status). */
    public boolean ok() {
        return error == null;
    }

    /** Whether a 2xx response came back. */
    public boolean isSuccess() {
        return error == null && status >= 200 && status < 300;
    }

    /** The first value of header {@code name}, if present. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }
}
