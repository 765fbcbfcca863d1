package dev.clusterlab.task06;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Sizes the cluster by measuring it: starts {@link PerfServer} with 1, 2, … workers, loads one
 * endpoint with a fixed number of clients, records req/s, p99 and the RSS of each worker (from
 * {@code /proc}), fits the {@link ScalingFit} and recommends a worker count. {@code --cores K}
 * pins the app to K CPUs ({@code taskset}), to size it for a smaller machine than this one.
 *
 * <pre>java -cp ... dev.clusterlab.task06.SizingProbe --cores 2 --max 4 --path /work?ms=5 --out sizing.csv</pre>
 *
 * <p>The app's own settings (REDIS_URL ...) come from this process's environment.
 */
public final class SizingProbe {
    /** One run: how many workers, what they served, what they held. */
    record Row(int workers, double requestsPerSecond, double p99Millis, List<Long> workerPids, List<Long> rssBytes) {
        double rssMbPerWorker() {
            return rssBytes.stream().mapToLong(Long::longValue).average().orElse(0) / 1048576.0;
        }
    }

    /** What to measure. */
    record Options(int cores, int max, String path, int concurrency, Duration warmUp, Duration measure, Path out) {
        static Options parse(String[] args) {
            int available = Runtime.getRuntime().availableProcessors();
            int cores = available;
            int max = -1;
            String path = "/work?ms=5";
            int concurrency = -1;
            double warmUp = 1;
            double measure = 3;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--cores" -> cores = positive(args[i], value);
                    case "--max" -> max = positive(args[i], value);
                    case "--path" -> path = required(args[i], value);
                    case "--concurrency" -> concurrency = positive(args[i], value);
                    case "--warmup" -> warmUp = Double.parseDouble(required(args[i], value));
                    case "--seconds" -> measure = Double.parseDouble(required(args[i], value));
                    case "--out" -> out = Path.of(required(args[i], value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; the options are --cores K --max N --path P --concurrency C --warmup S --seconds S --out FILE");
                }
                i++;
            }
            if (cores > available) {
                throw new IllegalArgumentException("--cores " + cores + ": this machine has " + available);
            }
            max = max > 0 ? max : cores + 2;
            return new Options(cores, max, path, concurrency > 0 ? concurrency : 2 * max,
                    Duration.ofMillis((long) (warmUp * 1000)), Duration.ofMillis((long) (measure * 1000)), out);
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }

        private static int positive(String option, String value) {
            try {
                int n = Integer.parseInt(required(option, value));
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a whole number of 1 or more, was '" + value + "'");
            }
        }
    }

    private SizingProbe() {
    }

    /** Runs the sweep; prints one line per worker count, the fit and the recommendation; writes {@code --out} as CSV. */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SizingProbe: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<Row> rows = new ArrayList<>();
        for (int n = 1; n <= options.max(); n++) {
            Row row = measure(n, options);
            rows.add(row);
            System.out.printf(Locale.ROOT, "workers %d: %.0f req/s, p99 %.1f ms, RSS per worker %.1f MB (pids %s)%n", n,
                    row.requestsPerSecond(), row.p99Millis(), row.rssMbPerWorker(), row.workerPids());
        }
        ScalingFit fit = ScalingFit.fit(rows.stream().map(r -> new ScalingFit.Point(r.workers(), r.requestsPerSecond())).toList());
        int recommended = fit.recommend(options.max());
        System.out.printf(Locale.ROOT, "fit: lambda %.1f req/s, sigma %.3f, kappa %.4f, peak at %.1f workers%n",
                fit.lambda(), fit.sigma(), fit.kappa(), fit.peak());
        System.out.printf(Locale.ROOT, "recommendation: %d workers for %s on %d cores%n", recommended, options.path(), options.cores());
        if (options.out() != null) {
            write(options, rows, fit, recommended);
        }
    }

    private static void write(Options options, List<Row> rows, ScalingFit fit, int recommended) throws IOException {
        StringBuilder csv = new StringBuilder();
        csv.append(String.format(Locale.ROOT, "# title: GET %s on %d cores: req/s by workers (fit: sigma %.3f, kappa %.4f; recommended %d)%n",
                options.path(), options.cores(), fit.sigma(), fit.kappa(), recommended));
        String probe = String.format(Locale.ROOT, "SizingProbe --cores %d --max %d --path %s --concurrency %d",
                options.cores(), options.max(), options.path(), options.concurrency());
        String by = System.getenv("MEASURED_BY"); // the script that ran this probe, if one did
        csv.append("# command: ").append(by == null || by.isBlank() ? probe : by + " (" + probe + ")").append('\n');
        csv.append("# x: workers\n# y: req/s\n# kind: line\n");
        csv.append("workers,measured,USL fit\n");
        for (Row r : rows) {
            csv.append(String.format(Locale.ROOT, "%d,%.1f,%.1f%n", r.workers(), r.requestsPerSecond(), fit.throughput(r.workers())));
        }
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), csv);
    }

    // tag::measure[]
    /** Starts the app with {@code workers}, loads it, reads its workers' RSS, and stops it. */
    static Row measure(int workers, Options options) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        if (options.cores() < Runtime.getRuntime().availableProcessors()) {
            command.addAll(List.of("taskset", "-c", "0-" + (options.cores() - 1))); // the workers inherit it
        }
        command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), PerfServer.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("WORKERS", Integer.toString(workers));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("ADMIN_PORT", Integer.toString(freePort()));
        Process app = builder.start();
        StringBuffer output = new StringBuffer();
        Thread.ofVirtual().start(() -> drain(app.getInputStream(), output));
        try {
            awaitWorkers(app, workers, output);
            URI uri = URI.create("http://127.0.0.1:" + port + options.path());
            load(uri, options.concurrency(), options.warmUp()); // JIT, connections, pools: not counted
            ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
            long served = load(uri, options.concurrency(), options.measure(), latency);
            List<Long> pids = app.children().map(ProcessHandle::pid).sorted().toList();
            List<Long> rss = pids.stream().map(pid -> ProcMemory.rssBytes(pid).orElse(0)).toList();
            return new Row(workers, served * 1000.0 / options.measure().toMillis(),
                    latency.getValueAtPercentile(99) / 1e6, pids, rss);
        } finally {
            stop(app);
        }
    }
    // end::measure[]

    private static void awaitWorkers(Process app, int workers, StringBuffer output) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (countListening(output) < workers) {
            if (!app.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the app with " + workers + " workers did not start; its output:\n" + output);
            }
            Thread.sleep(50);
        }
    }

    private static int countListening(StringBuffer output) {
        return (int) output.toString().lines().filter(l -> l.contains("is listening on")).count();
    }

    private static long load(URI uri, int clients, Duration duration) throws InterruptedException {
        return load(uri, clients, duration, null);
    }

    /** {@code clients} requests in flight at all times for {@code duration}; the count of 200s. */
    private static long load(URI uri, int clients, Duration duration, ConcurrentHistogram latency) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                threads.submit(() -> {
                    while (running.get()) {
                        long start = System.nanoTime();
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (running.get() && response.statusCode() == 200) {
                            ok.incrementAndGet();
                            if (latency != null) {
                                latency.recordValue(System.nanoTime() - start);
                            }
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(duration);
            running.set(false);
        }
        client.close();
        return ok.get();
    }

    /** SIGTERM (the primary drains its workers), then SIGKILL to what is left of the tree. */
    private static void stop(Process app) throws InterruptedException {
        List<ProcessHandle> tree = app.descendants().toList();
        app.destroy();
        if (!app.waitFor(10, TimeUnit.SECONDS)) {
            app.destroyForcibly();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static void drain(InputStream in, StringBuffer output) {
        try (in) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the app is gone
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
