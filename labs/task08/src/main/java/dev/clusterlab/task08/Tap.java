package dev.clusterlab.task08;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A debugging tap: with {@value #ENV} set to a directory, each process appends every frame it
 * hands to the runtime's {@code send}, exactly as handed over, to {@code tap-<process>.jsonl} there,
 * one JSON line {@code {"from":...,"to":...,"frame":...}} each. It shows what an eavesdropper on the
 * IPC socket would see, and lets the graded checks capture frames to tamper with and replay.
 * Without {@value #ENV} it does nothing.
 */
final class Tap {
    /** The environment variable naming the tap's directory. */
    static final String ENV = "TASK08_TAP_DIR";
    private static final Tap OFF = new Tap(null);

    private final FileChannel file;

    private Tap(FileChannel file) {
        this.file = file;
    }

    /** The tap of process {@code self} ("primary", "worker-2") if {@value #ENV} is set, else one that does nothing. */
    static Tap fromEnvironment(String self) {
        String dir = System.getenv(ENV);
        if (dir == null || dir.isBlank()) {
            return OFF;
        }
        try {
            return new Tap(FileChannel.open(Path.of(dir, "tap-" + self + ".jsonl"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the tap in " + dir, e);
        }
    }

    /** Appends one frame that {@code from} sends to {@code to}. */
    synchronized void record(String from, String to, JsonNode frame) {
        if (file == null) {
            return;
        }
        try {
            String line = Json.mapper().writeValueAsString(Json.mapper().createObjectNode()
                    .put("from", from).put("to", to).set("frame", frame)) + "\n";
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the tap", e);
        }
    }
}
