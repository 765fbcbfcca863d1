import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task 6's measuring client, run as a single source file by load-tests/scripts/task06-figures.sh
 * against a running PerfServer (the lab's or the solution's); prints one CSV line.
 *
 * <pre>
 * java Task06Load.java loop PORT SECONDS           fast p50,fast p99,loop lag p99,loop lag max (ms) with 4 x /work?ms=100 busy
 * java Task06Load.java report PORT ADMIN SECONDS HTML   /report req/s, then a profile of worker 1: its samples and hot shares
 * </pre>
 */
public class Task06Load {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "loop" -> loop(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "report" -> report(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            default -> throw new IllegalArgumentException("loop or report, not " + args[0]);
        }
    }

    /** A new connection per request (each fresh client makes one), so round-robin spreads them. */
    static HttpResponse<String> once(String url, String method) throws IOException, InterruptedException {
        try (HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
            return fresh.send(method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()).build() : b.build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    static void loop(int port, int seconds) throws Exception {
        String base = "http://127.0.0.1:" + port;
        for (int i = 0; i < 100; i++) {
            once(base + (i % 10 == 0 ? "/work?ms=1" : "/fast"), "GET");
        }
        for (int i = 0; i < 4; i++) {
            once(base + "/loop/reset", "POST");
        }
        AtomicBoolean busy = new AtomicBoolean(true);
        List<Long> fast = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> {
                    while (busy.get()) {
                        once(base + "/work?ms=100", "GET");
                    }
                    return null;
                });
            }
            Thread.sleep(500);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                once(base + "/fast", "GET");
                fast.add((System.nanoTime() - start) / 1000);
                Thread.sleep(10);
            }
            busy.set(false);
        }
        double lagP99 = 0, lagMax = 0;
        Pattern p99 = Pattern.compile("\"p99Ms\":([\\d.]+)"), max = Pattern.compile("\"maxMs\":([\\d.]+)");
        for (int i = 0; i < 4; i++) {
            String body = once(base + "/loop", "GET").body();
            lagP99 = Math.max(lagP99, number(p99, body));
            lagMax = Math.max(lagMax, number(max, body));
        }
        List<Long> sorted = fast.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%.1f,%.1f,%.1f,%.1f%n", sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0, lagP99, lagMax);
    }

    static void report(int port, int admin, int seconds, Path html) throws Exception {
        String base = "http://127.0.0.1:" + port;
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong served = new AtomicLong();
        AtomicBoolean counting = new AtomicBoolean(false);
        String profile;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/report")).build();
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> {
                    while (loading.get()) {
                        if (CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200 && counting.get()) {
                            served.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(3000); // warm
            counting.set(true);
            long start = System.nanoTime();
            profile = once("http://127.0.0.1:" + admin + "/admin/profile?worker=1&seconds=" + seconds, "POST").body();
            counting.set(false);
            double rps = served.get() * 1e9 / (System.nanoTime() - start);
            loading.set(false);
            Matcher graph = Pattern.compile("\"flameGraph\":\"([^\"]+)\"").matcher(profile);
            Matcher collapsed = Pattern.compile("\"collapsed\":\"([^\"]+)\"").matcher(profile);
            if (!graph.find() || !collapsed.find()) {
                throw new IllegalStateException("no profile in " + profile);
            }
            Files.createDirectories(html.toAbsolutePath().getParent());
            Files.copy(Path.of(graph.group(1)), html, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Map<String, Long> stacks = new HashMap<>();
            long total = 0;
            for (String line : Files.readAllLines(Path.of(collapsed.group(1)))) {
                int space = line.lastIndexOf(' ');
                long n = Long.parseLong(line.substring(space + 1));
                stacks.merge(line.substring(0, space), n, Long::sum);
                total += n;
            }
            System.out.printf(Locale.ROOT, "%.1f,%d,%.3f,%.3f%n", rps, total,
                    share(stacks, total, "java/util/regex/Pattern.compile"),
                    share(stacks, total, "com/fasterxml/jackson/databind/ObjectMapper.<init>")
                            + share(stacks, total, "com/fasterxml/jackson/databind/ser/BeanSerializerFactory.createSerializer"));
        }
    }

    static double share(Map<String, Long> stacks, long total, String frame) {
        return stacks.entrySet().stream().filter(e -> e.getKey().contains(frame)).mapToLong(Map.Entry::getValue).sum()
                / (double) Math.max(1, total);
    }

    static double number(Pattern p, String body) {
        Matcher m = p.matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
