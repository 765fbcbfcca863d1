package dev.clusterlab.task03;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.json.Json;

import java.util.List;

/**
 * The messages between the primary and its workers: typed records, sent as JSON with a {@code type}
 * field that names the record ({@code {"type":"statsRequest","requestId":7}}). Never Java
 * serialization: reading JSON into a closed set of records cannot be turned into running code by
 * whoever writes to the socket. A {@code switch} over a {@code Message} lists every case, and the
 * compiler says which one is missing.
 */
// tag::messages[]
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Message.StatsRequest.class, name = "statsRequest"),
        @JsonSubTypes.Type(value = Message.StatsReply.class, name = "statsReply")})
public sealed interface Message {

    /** Worker to primary: send me your registry. The reply carries the same {@code requestId}. */
    record StatsRequest(long requestId) implements Message {
    }

    /**
     * Primary to worker: the registry when the primary answered.
     *
     * @param requestId  the request's id
     * @param askedBy    the id of the worker that asked
     * @param primaryPid the primary's pid
     * @param workers    the workers alive, by id
     * @param restarts   how many replacements the supervisor forked so far
     */
    record StatsReply(long requestId, int askedBy, long primaryPid, List<WorkerSummary> workers, int restarts)
            implements Message {
    }

    /**
     * Reads a message.
     *
     * @throws IllegalArgumentException naming the problem, for JSON that is not one of the records
     */
    static Message from(JsonNode json) {
        return Json.fromTree(json, Message.class);
    }
}
// end::messages[]
