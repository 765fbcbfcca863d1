package dev.clusterlab.task06;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.ProcInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Part 5: a flame graph of one worker under load, taken from the primary, and the hot spot it shows, gone. */
@Graded
@Hint("Look at WorkerProfiler.profile and AccessLogReport in src/main.")
class ProfileTest {
    static final int SECONDS = 3;
    /** One profile of worker 1 under GET /report load, for both checks, and the pids of the workers then. */
    private static HttpResult profile;
    private static List<Long> workerPids;
    @TempDir
    static Path dir;

    @Test
    @Points(1)
    @Hint("POST /admin/profile?worker=1&seconds=3 on the primary asks worker 1 over IPC for a profile: WorkerProfiler.profile"
            + " must start async-profiler (AsyncProfiler.getInstance().execute(\"start,event=cpu,interval=1ms\")), sleep,"
            + " write the collapsed stacks (dumpCollapsed) and stop into the .html flame graph.")
    void aWorkersProfileIsARealFlameGraphOfThatWorker() throws IOException {
        JsonNode p = TestApp.json(profile(), 200, "POST /admin/profile?worker=1&seconds=" + SECONDS);
        long pid = p.path("pid").asLong();
        assertThat(workerPids).as("the pids of the primary's worker JVMs").contains(pid);
        assertThat(p.path("worker").asInt()).isEqualTo(1);
        Path graph = Path.of(p.path("flameGraph").asText());
        Path collapsed = Path.of(p.path("collapsed").asText());
        assertThat(graph.getFileName().toString()).as("the flame graph's file").contains("-" + pid + ".");
        assertThat(Files.size(graph)).as("bytes of %s", graph).isGreaterThan(1000);
        if (p.path("kind").asText().equals("async-profiler")) {
            assertThat(Files.readString(graph)).as("%s is an HTML flame graph", graph).contains("<html").contains("canvas");
        }
        Stacks stacks = Stacks.read(collapsed);
        assertThat(stacks.samples()).as("CPU samples in %s over %d s of load", collapsed, SECONDS).isGreaterThan(100);
        assertThat(stacks.share("AccessLogReport.render")).as("share of samples in AccessLogReport.render, the loaded"
                + " route: this must be a profile of this app under load").isGreaterThan(0.2);
    }

    @Test
    @Points(1)
    @Hint("The flame graph of GET /report shows where its time goes: most of it is not the report's own work. Find the"
            + " wide frames under AccessLogReport.render (made again on every call, though they could be made once) and"
            + " make them once.")
    void theHotSpotIsGoneFromTheReportsProfile() throws IOException {
        JsonNode p = TestApp.json(profile(), 200, "POST /admin/profile?worker=1&seconds=" + SECONDS);
        Stacks stacks = Stacks.read(Path.of(p.path("collapsed").asText()));
        double compile = stacks.share("java/util/regex/Pattern.compile");
        double mappers = stacks.share("com/fasterxml/jackson/databind/ObjectMapper.<init>")
                + stacks.share("com/fasterxml/jackson/databind/ser/BeanSerializerFactory.createSerializer");
        assertThat(compile).as("share of samples compiling a regex (Pattern.compile), of %d", stacks.samples()).isLessThan(0.03);
        assertThat(mappers).as("share of samples making an ObjectMapper and its serializers, of %d", stacks.samples()).isLessThan(0.03);
    }

    /** The profile, taken once: worker 1 under 4 concurrent clients of GET /report. */
    private static synchronized HttpResult profile() {
        if (profile != null) {
            return profile;
        }
        try (TestApp app = TestApp.withRedis(dir, Map.of("PROFILE_DIR", Path.of("target", "profiles").toAbsolutePath().toString()))) {
            AtomicBoolean loading = new AtomicBoolean(true);
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < 4; c++) {
                    clients.submit(() -> {
                        while (loading.get()) {
                            Http.get(app.port(), "/report");
                        }
                        return null;
                    });
                }
                TestApp.sleep(1000); // both workers busy and warm
                profile = Http.send(java.net.http.HttpRequest.newBuilder(Http.uri(app.adminPort(),
                                "/admin/profile?worker=1&seconds=" + SECONDS)).timeout(Duration.ofSeconds(SECONDS + 40))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
                loading.set(false);
            }
            workerPids = app.app().javaChildren().stream().map(ProcInfo::pid).toList();
        }
        return profile;
    }

    /** Collapsed stacks ({@code frame;frame count} a line), read here rather than by the app's own code. */
    record Stacks(Map<String, Long> counts, long samples) {
        static Stacks read(Path file) throws IOException {
            Map<String, Long> counts = new java.util.HashMap<>();
            long total = 0;
            for (String line : Files.readAllLines(file)) {
                int space = line.lastIndexOf(' ');
                if (space > 0) {
                    long n = Long.parseLong(line.substring(space + 1).trim());
                    counts.merge(line.substring(0, space), n, Long::sum);
                    total += n;
                }
            }
            return new Stacks(counts, total);
        }

        /** The share of samples with a frame containing {@code frame} on the stack. */
        double share(String frame) {
            long hits = counts.entrySet().stream().filter(e -> e.getKey().contains(frame)).mapToLong(Map.Entry::getValue).sum();
            return samples == 0 ? 0 : (double) hits / samples;
        }
    }
}
