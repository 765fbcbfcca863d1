package dev.clusterlab.task06;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * A live view of the cluster in the terminal, refreshed each second like {@code pm2 monit}: one row
 * per worker with its CPU, memory, GC pauses, event-loop lag and request rate, read from the
 * primary's {@code GET /admin/workers}.
 *
 * <pre>java -cp ... dev.clusterlab.task06.Monit [ADMIN_PORT] [--once]</pre>
 */
public final class Monit {
    static final String HEADER = String.format("%-6s %-8s %6s %8s %14s %8s %9s %9s %8s", "worker", "pid", "cpu%",
            "rss MB", "heap MB", "gc ms/s", "lag p99", "lag max", "req/s");

    private Monit() {
    }

    /** Draws until Ctrl-C ({@code --once}: one frame, no screen clearing). */
    public static void main(String[] args) throws InterruptedException {
        int port = 8081;
        boolean once = false;
        for (String arg : args) {
            if (arg.equals("--once")) {
                once = true;
            } else {
                try {
                    port = Integer.parseInt(arg);
                } catch (NumberFormatException e) {
                    System.err.println("usage: Monit [ADMIN_PORT] [--once]; '" + arg + "' is neither");
                    System.exit(2);
                }
            }
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/admin/workers");
        do {
            String frame;
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                frame = render(Json.mapper().readTree(response.body()));
            } catch (IOException e) {
                frame = "no primary answers on " + uri + " (" + e.getMessage() + "): is the app running, and is this its ADMIN_PORT?\n";
            }
            draw(System.out, frame, once);
            if (!once) {
                Thread.sleep(1000);
            }
        } while (!once);
    }

    // tag::render[]
    /** One frame: a header line and one line per worker row. */
    static String render(JsonNode rows) {
        StringBuilder out = new StringBuilder("clusterlab monit  " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
                + "  (Ctrl-C to quit)\n" + HEADER + "\n");
        for (JsonNode r : rows) {
            out.append(String.format("%-6d %-8d %6.1f %8.1f %6.1f / %-5.0f %8.1f %7.1fms %7.1fms %8.0f%n", r.path("worker").asInt(),
                    r.path("pid").asLong(), r.path("cpuPercent").asDouble(), r.path("rssMb").asDouble(), r.path("heapMb").asDouble(),
                    r.path("heapMaxMb").asDouble(), r.path("gcPauseMs").asDouble(), r.path("lagP99Ms").asDouble(),
                    r.path("lagMaxMs").asDouble(), r.path("requestsPerSecond").asDouble()));
        }
        return out.toString();
    }
    // end::render[]

    private static void draw(PrintStream out, String frame, boolean once) {
        out.print(once ? frame : "\033[H\033[2J" + frame); // home and clear, as top does
        out.flush();
    }
}
