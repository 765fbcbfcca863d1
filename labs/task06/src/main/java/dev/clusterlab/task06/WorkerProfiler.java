package dev.clusterlab.task06;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import one.profiler.AsyncProfiler;
import one.profiler.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles this worker from inside, as node-inspector attaches to one Node process: CPU samples
 * for a while, then an HTML flame graph and the collapsed stacks beside it. It uses async-profiler
 * (its native library ships in its jar); where that cannot load (another OS, a locked-down
 * kernel), a JFR recording with the execution samples instead.
 */
final class WorkerProfiler {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerProfiler.class);
    static final int TOP_FRAMES = 15;

    private WorkerProfiler() {
    }

    // tag::profile[]
    /** Samples this JVM's CPU for {@code duration}; writes {@code worker-<id>-<pid>.html} and {@code .collapsed} in {@code dir}. */
    static synchronized Profile profile(int worker, Duration duration, Path dir) throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        Files.createDirectories(dir);
        Path html = dir.resolve("worker-" + worker + "-" + pid + ".html");
        Path collapsed = dir.resolve("worker-" + worker + "-" + pid + ".collapsed");
        AsyncProfiler profiler;
        try {
            profiler = AsyncProfiler.getInstance();
        } catch (LinkageError | IllegalStateException e) {
            LOG.warn("async-profiler cannot load here ({}); recording with JFR instead", e.toString());
            return withJfr(worker, pid, duration, dir);
        }
        throw new UnsupportedOperationException("TODO(task06): start async-profiler (execute \"start,event=cpu,interval=1ms\"), sleep, dumpCollapsed(Counter.SAMPLES) to `collapsed`, then \"stop,file=<html>\"");
    }
    // end::profile[]

    private static Profile summarize(int worker, long pid, String kind, Path graph, Path collapsed) throws IOException {
        CollapsedStacks stacks = CollapsedStacks.parse(Files.readString(collapsed));
        return new Profile(worker, pid, kind, graph.toString(), collapsed.toString(), stacks.samples(), stacks.top(TOP_FRAMES));
    }

    /** The fallback: JFR's execution samples, written as collapsed stacks too. */
    private static Profile withJfr(int worker, long pid, Duration duration, Path dir) throws IOException, InterruptedException {
        Path jfr = dir.resolve("worker-" + worker + "-" + pid + ".jfr");
        Path collapsed = dir.resolve("worker-" + worker + "-" + pid + ".collapsed");
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            Thread.sleep(duration);
            recording.stop();
            recording.dump(jfr);
        } catch (ParseException e) {
            throw new IOException("the JDK's 'profile' JFR settings do not parse", e);
        }
        Map<String, Long> stacks = new HashMap<>();
        for (var event : RecordingFile.readAllEvents(jfr)) {
            RecordedStackTrace trace = event.getEventType().getName().equals("jdk.ExecutionSample") ? event.getStackTrace() : null;
            if (trace != null) {
                List<RecordedFrame> frames = trace.getFrames().reversed(); // root first, as collapsed stacks are
                stacks.merge(String.join(";", frames.stream()
                        .map(f -> f.getMethod().getType().getName().replace('.', '/') + "." + f.getMethod().getName()).toList()),
                        1L, Long::sum);
            }
        }
        StringBuilder text = new StringBuilder();
        stacks.forEach((stack, count) -> text.append(stack).append(' ').append(count).append('\n'));
        Files.writeString(collapsed, text);
        return summarize(worker, pid, "jfr", jfr, collapsed);
    }
}
