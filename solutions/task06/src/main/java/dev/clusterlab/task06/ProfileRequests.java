package dev.clusterlab.task06;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.Worker;
import dev.clusterlab.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In the primary: asks one worker for a profile over IPC and matches its answer to the question, so
 * several can be in flight. The worker side is {@link #answer}.
 */
final class ProfileRequests {
    static final String ASK = "profile";
    static final String DONE = "profiled";
    static final String FAILED = "profile-failed";

    /** The question, as it travels. */
    record Ask(String type, long id, long seconds, String dir) {
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Profile>> waiting = new ConcurrentHashMap<>();

    /** Asks {@code worker} to profile itself for {@code duration}; completes with its profile, or fails with why not. */
    CompletableFuture<Profile> ask(Worker worker, Duration duration, Path dir) {
        long id = ids.incrementAndGet();
        CompletableFuture<Profile> answer = new CompletableFuture<Profile>()
                .orTimeout(duration.toSeconds() + 30, TimeUnit.SECONDS)
                .whenComplete((p, e) -> waiting.remove(id));
        waiting.put(id, answer);
        worker.send(new Ask(ASK, id, duration.toSeconds(), dir.toAbsolutePath().toString()));
        return answer;
    }

    /** Takes a worker's answer; false if {@code message} is not one. */
    boolean onMessage(JsonNode message) {
        String type = message.path("type").asText();
        if (!DONE.equals(type) && !FAILED.equals(type)) {
            return false;
        }
        CompletableFuture<Profile> answer = waiting.get(message.path("id").asLong());
        if (answer != null) {
            if (DONE.equals(type)) {
                answer.complete(Json.mapper().convertValue(message.path("profile"), Profile.class));
            } else {
                answer.completeExceptionally(new IllegalStateException(message.path("error").asText()));
            }
        }
        return true;
    }

    /** In a worker: runs the profile a primary asked for and sends the answer. */
    static void answer(int worker, JsonNode message, java.util.function.Consumer<Object> send) {
        if (!ASK.equals(message.path("type").asText())) {
            return;
        }
        long id = message.path("id").asLong();
        // A platform thread: async-profiler's native calls fail on a virtual one ("Could not find VMThread bridge").
        Thread.ofPlatform().daemon().name("profile-" + id).start(() -> {
            try {
                Profile profile = WorkerProfiler.profile(worker, Duration.ofSeconds(message.path("seconds").asLong(10)),
                        Path.of(message.path("dir").asText()));
                send.accept(Map.of("type", DONE, "id", id, "profile", profile));
            } catch (Exception | LinkageError e) {
                send.accept(Map.of("type", FAILED, "id", id, "error", e.toString()));
            }
        });
    }
}
