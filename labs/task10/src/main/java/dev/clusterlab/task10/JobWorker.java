package dev.clusterlab.task10;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.json.Json;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A worker's side of the {@link JobPool}: runs each job it is sent on a thread of its own (never on
 * the event thread that delivers messages, nor on the HTTP event loop), one after another, and
 * sends the primary the result or the error with the job's id.
 */
final class JobWorker {
    /** The exit code of a worker that ran a poison job: what a JVM that crashed in native code shows. */
    static final int POISON_EXIT = 134;

    private JobWorker() {
    }

    /** Listens for jobs from the primary. */
    static void start() {
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "job-runner");
            thread.setDaemon(true);
            return thread;
        });
        Cluster.worker().onMessage(message -> {
            if ("job".equals(message.path("type").asText())) {
                runner.execute(() -> run(message));
            }
        });
    }

    private static void run(JsonNode message) {
        long jobId = message.path("jobId").asLong();
        Map<String, Object> reply;
        try {
            Job job = Json.fromTree(message.path("job"), Job.class);
            if (job.poison()) {
                Runtime.getRuntime().halt(POISON_EXIT);
            }
            reply = Map.of("type", "result", "jobId", jobId, "hash", job.run());
        } catch (Exception e) {
            reply = Map.of("type", "error", "jobId", jobId, "error", String.valueOf(e.getMessage()));
        }
        Cluster.worker().send(reply);
    }
}
