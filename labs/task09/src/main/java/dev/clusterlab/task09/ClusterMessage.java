package dev.clusterlab.task09;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the primary and its workers say to each other in this task, as typed JSON: Jackson writes
 * a {@code type} field from the record's name and reads the right record back, so neither side
 * dispatches on strings by hand (and nothing is ever Java-serialized).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(MetricsSnapshot.class),
        @JsonSubTypes.Type(ClusterMessage.RecordJfr.class),
        @JsonSubTypes.Type(ClusterMessage.JfrRecorded.class)})
public sealed interface ClusterMessage permits MetricsSnapshot, ClusterMessage.RecordJfr, ClusterMessage.JfrRecorded {

    /** Primary to worker: record a flight recording for {@code seconds}, then answer with {@code seq}. */
    record RecordJfr(long seq, int seconds) implements ClusterMessage {
    }

    /** Worker to primary: the recording {@code seq} is at {@code path}, or failed with {@code error}. */
    record JfrRecorded(long seq, String path, String error) implements ClusterMessage {
    }
}
