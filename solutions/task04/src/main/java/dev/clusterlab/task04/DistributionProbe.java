package dev.clusterlab.task04;

import dev.clusterlab.config.Env;
import dev.clusterlab.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures how a running cluster spreads new connections over its workers: it opens connections to
 * {@code GET /whoami} one after another, each with {@code Connection: close}, and counts the
 * answers by the pid of the worker that gave them. Only new connections measure the scheduling
 * policy: the cluster picks a worker per connection, so requests on one keep-alive connection all
 * go to the same worker.
 *
 * <p>Run against a cluster on 127.0.0.1:{@code PORT}, e.g. {@code ./workbook demo 4} in one
 * terminal (with {@code CLUSTERLAB_SCHED_POLICY=SHARED} to try another policy), then
 * {@code ./mvnw -pl solutions/task04 exec:exec -Dmain.class=dev.clusterlab.task04.DistributionProbe}
 * ({@code CONNECTIONS}, {@code PORT}, {@code WORKERS} change what it measures).
 */
public final class DistributionProbe {
    private static final int TIMEOUT_MS = 10_000;
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private DistributionProbe() {
    }

    /** Prints the distribution of {@code CONNECTIONS} (1000) new connections and its {@link Fairness}. */
    public static void main(String[] args) throws IOException {
        int port = Env.integer("PORT", BalancedServer.DEFAULT_PORT);
        int workers = Env.integer("WORKERS", 2);
        Map<Long, Long> counts = measure(port, Env.integer("CONNECTIONS", 1000));
        System.out.println("| worker pid | connections |");
        System.out.println("|---:|---:|");
        counts.forEach((pid, count) -> System.out.println("| " + pid + " | " + count + " |"));
        System.out.println();
        System.out.println(Fairness.of(counts.values(), workers));
    }

    /**
     * Opens {@code connections} new connections to {@code GET /whoami} on 127.0.0.1:{@code port}, one
     * after another, and counts the answers by the pid in them.
     *
     * @return how many connections each worker answered, by pid
     * @throws IOException when a connection fails or an answer is not {@code 200} with a pid
     */
    public static Map<Long, Long> measure(int port, int connections) throws IOException {
        // BEGIN SOLUTION open connections new connections one after another with whoAnswers(port) and count them by pid (a TreeMap of pid -> count)
        // tag::measure[]
        Map<Long, Long> counts = new TreeMap<>();
        for (int i = 0; i < connections; i++) {
            counts.merge(whoAnswers(port), 1L, Long::sum);
        }
        return counts;
        // end::measure[]
        // END SOLUTION
    }

    /** The pid of the worker that answers {@code GET /whoami} on a new connection, closed after the answer. */
    static long whoAnswers(int port) throws IOException {
        String answer = getOnNewConnection(port, "/whoami");
        int bodyStart = answer.indexOf("\r\n\r\n");
        if (!answer.startsWith("HTTP/1.1 200 ") || bodyStart < 0) {
            throw new IOException("GET /whoami did not answer 200: " + answer.lines().findFirst().orElse(answer));
        }
        long pid = Json.mapper().readTree(answer.substring(bodyStart + 4)).path("pid").asLong(-1);
        if (pid < 0) {
            throw new IOException("GET /whoami answered without a pid: " + answer.substring(bodyStart + 4));
        }
        return pid;
    }

    /** GET {@code path} on a connection of its own with {@code Connection: close}: the whole answer, read to its end. */
    private static String getOnNewConnection(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(MAX_ANSWER_BYTES); // the server closes after the answer
            return new String(answer, StandardCharsets.UTF_8);
        }
    }
}
