package dev.clusterlab.task09;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.json.Json;
import java.time.Instant;

/**
 * Turns one line a worker wrote into one JSON object line for the merged file and the store. Lines
 * the worker's JSON encoder wrote pass as they are; anything else (a JVM warning, a stack trace
 * printed to stderr, a {@code System.out.println}) is wrapped, so nothing a worker says is lost and
 * every line of the merged file is a JSON object that names its worker.
 */
final class LogLine {
    static final String STREAM = "stream";
    static final String MESSAGE = "message";
    static final String LEVEL = "level";
    static final String TIMESTAMP = "@timestamp";
    private static final ObjectMapper JSON = Json.mapper();
    /** Strict: {"a":1} followed by anything is not one JSON object, and the store would refuse it. */
    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private LogLine() {
    }

    // tag::normalize[]
    /** {@code line} as one JSON object line with {@code worker} and {@code pid}. */
    static String normalize(int worker, long pid, boolean stderr, String line) {
        // BEGIN SOLUTION a JSON object line that already has "worker" passes unchanged; a JSON object without it gets "worker" and "pid" added; any other line becomes {"@timestamp": now, "worker": "<id>", "pid": "<pid>", "stream": "stdout"|"stderr", "level": "INFO"|"ERROR", "message": line}. Worker and pid are strings, as the JSON encoder writes them
        ObjectNode object = line.startsWith("{") ? parse(line) : null;
        if (object != null && object.has(WorkerLogging.WORKER)) {
            return line; // the common case: no copy, no re-encoding
        }
        if (object == null) {
            object = JSON.createObjectNode().put(TIMESTAMP, Instant.now().toString())
                    .put(STREAM, stderr ? "stderr" : "stdout").put(LEVEL, stderr ? "ERROR" : "INFO")
                    .put(MESSAGE, line);
        }
        object.put(WorkerLogging.WORKER, Integer.toString(worker)).put(WorkerLogging.PID, Long.toString(pid));
        return object.toString();
        // END SOLUTION
    }
    // end::normalize[]

    /** The JSON object {@code line} holds, or null when it holds anything else. */
    private static ObjectNode parse(String line) {
        try {
            JsonNode node = STRICT.readTree(line);
            return node instanceof ObjectNode object ? object : null;
        } catch (JacksonException notJson) {
            return null;
        }
    }
}
