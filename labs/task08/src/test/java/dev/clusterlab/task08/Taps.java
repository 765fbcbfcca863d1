package dev.clusterlab.task08;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the app's tap (TASK08_TAP_DIR) recorded: every frame each process handed to the runtime's
 * send, exactly as handed over, as lines {@code {"from":"primary","to":"worker-1","frame":{...}}}.
 */
final class Taps {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded frame. */
    record Tapped(String from, String to, JsonNode frame, String line) {
    }

    private Taps() {
    }

    /** Every frame recorded in {@code dir}, file by file, in the order each process sent them. */
    static List<Tapped> read(Path dir) {
        List<Tapped> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode record = JSON.readTree(line);
                    frames.add(new Tapped(record.path("from").asText(), record.path("to").asText(), record.path("frame"),
                            line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tap in " + dir, e);
        }
        return frames;
    }

    /** The frames the primary sent to worker {@code workerId}, in order. */
    static List<JsonNode> toWorker(Path dir, int workerId) {
        return read(dir).stream().filter(t -> t.from().equals("primary") && t.to().equals("worker-" + workerId))
                .map(Tapped::frame).toList();
    }

    /** Everything the tap files hold, as raw bytes. */
    static byte[] rawBytes(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (Path file : files.sorted().toList()) {
                all.writeBytes(Files.readAllBytes(file));
            }
            return all.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tap in " + dir, e);
        }
    }
}
