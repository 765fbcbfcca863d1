package dev.clusterlab.task08;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

// tag::message[]
/**
 * What the primary and a worker say to each other inside a {@link Sealed} envelope, as JSON. The
 * type travels as a short name from a closed list, never as a Java class name: the reader can only
 * ever build one of these records, which is what keeps deserialization gadgets out.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Message.DbPassword.class, name = "db-password"),
    @JsonSubTypes.Type(value = Message.RotateKey.class, name = "rotate-key"),
    @JsonSubTypes.Type(value = Message.KeyRotated.class, name = "key-rotated"),
    @JsonSubTypes.Type(value = Message.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = Message.Pong.class, name = "pong")
})
sealed interface Message {
// end::message[]

    /** Primary to worker: the database password, as bytes (never a {@code String} the app keeps). */
    record DbPassword(byte[] password) implements Message {
        @Override
        public String toString() {
            return "DbPassword[(redacted)]";
        }
    }

    /** Primary to worker, sealed under the current key: from now on use {@code key} as epoch {@code epoch}. */
    record RotateKey(int epoch, byte[] key) implements Message {
        @Override
        public String toString() {
            return "RotateKey[epoch=" + epoch + ", key=(redacted)]";
        }
    }

    /** Worker to primary, sealed under the new key (which proves the worker holds it). */
    record KeyRotated(int epoch) implements Message {
    }

    /** Worker to primary: answer with a {@link Pong} of the same id. */
    record Ping(long id) implements Message {
    }

    /** Primary to worker: the answer to {@link Ping} {@code id}. */
    record Pong(long id) implements Message {
    }
}
