package dev.clusterlab.load.startup;

import static dev.clusterlab.load.Percentiles.median;
import static dev.clusterlab.load.Percentiles.ms;
import static dev.clusterlab.load.Percentiles.percentile;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.ClusterSettings;
import dev.clusterlab.cluster.Worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long a worker takes to start, with and without a class-data cache: {@code ./workbook bench
 * startup}. This JVM is the primary; each start forks one task 2 worker and times, from the
 * primary's events, fork → online → listening → first response to {@code GET /}, then disconnects
 * it and waits for its exit. Rounds with and without the cache alternate, so both see the same noise.
 *
 * <p>Arguments: {@code <java> <worker class path> <cache file> <port> <starts>}; {@code WORKER_JVM_ARGS}
 * adds options to the workers' (for a profile: {@code -Xlog:class+load:file=/tmp/w%p.log:uptime}).
 */
public final class StartupBench {
    private StartupBench() {
    }

    /** One start: milliseconds from the fork call to each event. */
    record Start(double online, double listening, double firstResponse) {
    }

    /** Runs the benchmark and prints its table. */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: StartupBench JAVA WORKER_CLASS_PATH CACHE_FILE PORT STARTS");
            System.exit(2);
        }
        Path java = Path.of(args[0]);
        String classPath = args[1];
        Path cache = Path.of(args[2]);
        int port = Integer.parseInt(args[3]);
        int starts = Integer.parseInt(args[4]);
        List<String> jvmArgs = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        String extra = System.getenv().getOrDefault("WORKER_JVM_ARGS", "").trim();
        if (!extra.isEmpty()) {
            jvmArgs.addAll(List.of(extra.split("\\s+")));
        }
        ClusterSettings plain = ClusterSettings.builder().javaBinary(java).classPath(classPath)
                .mainClass("dev.clusterlab.task02.ClusterServer").args().jvmArgs(jvmArgs)
                .env("PORT", Integer.toString(port)).silent(true).aotCache(null).build();
        // tag::aot-cache[]
        ClusterSettings cached = plain.toBuilder().aotCache(cache).build();
        // end::aot-cache[]

        // Not counted: the first start trains the cache when it is missing or stale, and warms this primary.
        Cluster.setupPrimary(cached);
        start(port);
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("no AOT cache at " + cache + " after the training start; see the log above");
        }
        Cluster.setupPrimary(plain);
        start(port);

        List<Start> with = new ArrayList<>();
        List<Start> without = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            boolean cachedFirst = i % 2 == 0; // A B, B A: neither always follows the other
            for (boolean useCache : cachedFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                Cluster.setupPrimary(useCache ? cached : plain);
                (useCache ? with : without).add(start(port));
            }
        }
        String jdk = java.toRealPath().getParent().getParent().getFileName().toString();
        System.out.printf("%n%d starts each of task 2's worker (%s), interleaved; ms from the fork call, primary's events:%n%n",
                starts, jdk);
        System.out.println("| cache | fork → online (median / p90) | fork → listening | fork → first response |");
        System.out.println("|---|---|---|---|");
        row("AOT cache", with);
        row("none", without);
        double n = median(with.stream().mapToDouble(Start::firstResponse).toArray());
        double m = median(without.stream().mapToDouble(Start::firstResponse).toArray());
        System.out.printf("%nratio with/without: %.2f×%n", n / m);
        System.out.printf("startup median with AOT cache: %d ms (without: %d ms)%n", Math.round(n), Math.round(m));
        Cluster.disconnect().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    /** Forks one worker, times its events and its first answer, then disconnects it and waits for its exit. */
    private static Start start(int port) throws Exception {
        CompletableFuture<Long> online = new CompletableFuture<>();
        CompletableFuture<Long> listening = new CompletableFuture<>();
        long fork = System.nanoTime();
        Worker worker = Cluster.fork(Map.of());
        worker.onOnline(() -> online.complete(System.nanoTime()));
        worker.onListening(address -> listening.complete(System.nanoTime()));
        worker.onExit(status -> listening.completeExceptionally(new IllegalStateException(worker + " exited: " + status)));
        long listened = listening.get(60, TimeUnit.SECONDS);
        get(port);
        long answered = System.nanoTime();
        worker.disconnect();
        worker.exited().get(120, TimeUnit.SECONDS); // a training worker's JVM writes the cache as it exits
        return new Start(ms(online.getNow(listened) - fork), ms(listened - fork), ms(answered - fork));
    }

    /** One {@code GET /} with a new connection; a plain socket, so the client adds nothing to warm up. */
    private static void get(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            String status = new String(head, StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IOException("the worker answered '" + status + "', not 200");
            }
        }
    }

    private static void row(String name, List<Start> starts) {
        System.out.printf("| %s | %s | %s | %s |%n", name, stat(starts.stream().mapToDouble(Start::online).toArray()),
                stat(starts.stream().mapToDouble(Start::listening).toArray()),
                stat(starts.stream().mapToDouble(Start::firstResponse).toArray()));
    }

    private static String stat(double[] values) {
        return Math.round(median(values)) + " / " + Math.round(percentile(values, 0.9));
    }
}
