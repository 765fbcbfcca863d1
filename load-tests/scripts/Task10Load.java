import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Task 10's measuring client, run as a single source file by load-tests/scripts/task10-*.sh
 * ({@code java Task10Load.java jobs URL JOBS CONCURRENCY ITERATIONS} or
 * {@code java Task10Load.java rate URL SECONDS RATE...}); prints CSV lines.
 *
 * <ul>
 *   <li>{@code jobs}: a closed loop of CONCURRENCY clients posting JOBS password-hashing jobs;
 *       prints {@code jobs,seconds,jobs_per_s,errors}.</li>
 *   <li>{@code rate}: an open model, for each RATE in turn RATE requests per second for SECONDS
 *       whatever the answers do, each latency counted from when the request was due (no coordinated
 *       omission); prints a line {@code offered,goodput,ok,shed,errors,p50_ms,p99_ms,p999_ms} per
 *       rate: goodput is the 200s per second that
 *       came within 1 s, the percentiles are of all the 200s.</li>
 *   <li>{@code hold}: opens CONNECTIONS keep-alive connections one after another, one GET on each,
 *       holds them all open for SECONDS (touching "HOLDING" when all are open), then one more GET on
 *       each; prints {@code connections,ok,p50_ms,p99_ms,p999_ms,max_ms} of all the GETs.</li>
 * </ul>
 */
public final class Task10Load {
    /** A 200 counts as goodput when it came within this time of being due: later, the user has gone. */
    private static final long GOODPUT_SLO_NANOS = Duration.ofSeconds(1).toNanos();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "jobs" -> jobs(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "rate" -> rates(URI.create(args[1]), Integer.parseInt(args[2]),
                    java.util.Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray());
            case "hold" -> hold(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("usage: jobs URL JOBS CONCURRENCY ITERATIONS | rate URL SECONDS RATE... | hold PORT CONNECTIONS SECONDS");
        }
    }

    private static void jobs(URI uri, int jobs, int concurrency, int iterations) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(concurrency)) {
            for (int c = 0; c < concurrency; c++) {
                clients.execute(() -> {
                    for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                        String body = "{\"password\":\"user" + i + "\",\"salt\":\"salt" + i + "\",\"iterations\":" + iterations + "}";
                        try {
                            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d,%.2f,%.1f,%d%n", jobs, seconds, jobs / seconds, errors.get());
    }

    /**
     * Each rate in turn, in this one JVM: a first, unprinted pass at the lowest rate warms up the
     * client (a fresh JVM per step would add its own JIT and class loading to the first requests),
     * and a pause between steps lets the server's queues drain.
     */
    private static void rates(URI base, int seconds, int[] rates) throws InterruptedException {
        rate(base, java.util.Arrays.stream(rates).min().orElseThrow(), seconds, false);
        for (int rate : rates) {
            Thread.sleep(1_000);
            rate(base, rate, seconds, true);
        }
    }

    private static void rate(URI base, int rate, int seconds, boolean print) {
        List<CompletableFuture<long[]>> sent = new ArrayList<>();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < rate * seconds; i++) {
            long due = start + i * interval;
            LockSupport.parkNanos(due - System.nanoTime());
            URI uri = base.resolve("/items/search?q=" + (char) ('a' + i % 26) + "&limit=10");
            sent.add(CLIENT.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                    .thenApply(r -> new long[] {r.statusCode(), System.nanoTime() - due})
                    .exceptionally(e -> new long[] {-1, System.nanoTime() - due}));
        }
        List<Long> ok = new ArrayList<>();
        int shed = 0;
        int errors = 0;
        for (CompletableFuture<long[]> f : sent) {
            long[] outcome = f.join();
            if (outcome[0] == 200) {
                ok.add(outcome[1]);
            } else if (outcome[0] == 503) {
                shed++;
            } else {
                errors++;
            }
        }
        ok.sort(null);
        long withinSlo = ok.stream().filter(nanos -> nanos <= GOODPUT_SLO_NANOS).count();
        if (!print) {
            return;
        }
        System.out.printf("%d,%.1f,%d,%d,%d,%.1f,%.1f,%.1f%n", rate, withinSlo / (double) seconds, ok.size(), shed, errors,
                pct(ok, 50), pct(ok, 99), pct(ok, 99.9));
    }

    private static void hold(int port, int connections, int seconds) throws Exception {
        List<java.net.Socket> sockets = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        int ok = 0;
        for (int i = 0; i < connections; i++) {
            java.net.Socket socket = new java.net.Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            sockets.add(socket);
            ok += get(socket, i, latencies);
        }
        System.err.println("HOLDING " + sockets.size());
        Thread.sleep(seconds * 1000L);
        for (int i = 0; i < sockets.size(); i++) {
            ok += get(sockets.get(i), i, latencies);
        }
        for (java.net.Socket socket : sockets) {
            socket.close();
        }
        latencies.sort(null);
        System.out.printf("%d,%d,%.2f,%.2f,%.2f,%.2f%n", connections, ok, pct(latencies, 50), pct(latencies, 99),
                pct(latencies, 99.9), latencies.get(latencies.size() - 1) / 1e6);
    }

    /** One GET /items?id= on {@code socket}; 1 if it was a 200. Reads the whole answer (Content-Length). */
    private static int get(java.net.Socket socket, int i, List<Long> latencies) throws java.io.IOException {
        long start = System.nanoTime();
        socket.getOutputStream().write(("GET /items?id=" + (i % 10000 + 1) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.io.InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection " + i + " closed");
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        latencies.add(System.nanoTime() - start);
        return head.toString().startsWith("HTTP/1.1 200") ? 1 : 0;
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }
}
