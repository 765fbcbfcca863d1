package dev.clusterlab.task04;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.json.Json;

import java.util.Optional;

/**
 * A worker's "my event loop still runs" message to the primary, sent as JSON with a {@code type}
 * field: {@code {"type":"heartbeat","seq":17}}. A typed record, never Java serialization.
 *
 * @param type always {@value #TYPE}, so the primary tells heartbeats from other messages
 * @param seq  counts up from 0 in each worker: a gap would show beats that never came
 */
// tag::heartbeat[]
public record Heartbeat(String type, long seq) {
    /** The {@code type} of every heartbeat. */
    public static final String TYPE = "heartbeat";

    /** The heartbeat numbered {@code seq}. */
    public static Heartbeat number(long seq) {
        return new Heartbeat(TYPE, seq);
    }

    /** The heartbeat in {@code message}, or empty when the message is something else. */
    public static Optional<Heartbeat> from(JsonNode message) {
        return TYPE.equals(message.path("type").asText())
                ? Optional.of(Json.fromTree(message, Heartbeat.class))
                : Optional.empty();
    }
}
// end::heartbeat[]
