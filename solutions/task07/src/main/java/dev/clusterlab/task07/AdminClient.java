package dev.clusterlab.task07;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks to an instance's {@link AdminServer} on 127.0.0.1, as a deploy script would. */
final class AdminClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private AdminClient() {
    }

    /** {@code GET /admin/status} of the instance whose control port is {@code adminPort}. */
    static AdminServer.Status status(int adminPort) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/admin/status"))
                .timeout(REQUEST_TIMEOUT).build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /admin/status on port " + adminPort + " answered " + response.statusCode());
        }
        JsonNode body = Json.mapper().readTree(response.body());
        return Json.fromTree(body, AdminServer.Status.class);
    }

    /**
     * Waits until the instance says all its workers are ready.
     *
     * @throws IllegalStateException if it is not ready within {@code timeout}
     */
    static AdminServer.Status awaitReady(int adminPort, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                AdminServer.Status status = status(adminPort);
                if (status.ready()) {
                    return status;
                }
                last = status.toString();
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the instance with admin port " + adminPort + " was not ready within "
                + timeout.toMillis() + " ms; last: " + last);
    }
}
