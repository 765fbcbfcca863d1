package dev.clusterlab.testkit;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One HTTP response as a check sees it.
 *
 * @param status the status code
 * @param headers the headers, names case-insensitive
 * @param body the body decoded as UTF-8
 * @param latency from sending the request to reading the whole body
 */
public record HttpResult(int status, Map<String, List<String>> headers, String body, Duration latency) {

    /** Copies the headers into a case-insensitive map, as HTTP header names are. */
    public HttpResult {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values),
                (a, b) -> Stream.concat(a.stream(), b.stream()).toList()));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of header {@code name}, if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
