package dev.clusterlab.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.clusterlab.json.Json;

// tag::bootstrap[]
/**
 * What a worker learns from its primary at start, written as one JSON line to the worker's stdin:
 * never in argv or the environment, which other users can read in /proc.
 *
 * @param id              the worker id
 * @param socket          the path of the primary's IPC socket
 * @param secret          the cluster secret the handshake proves
 * @param maxMessageBytes the IPC frame limit
 * @param standby         whether the worker starts as a warm standby (it serves once promoted)
 */
record Bootstrap(int id, String socket, String secret, int maxMessageBytes, boolean standby) {

    /** The environment variable that marks a worker and holds its id (Node's NODE_UNIQUE_ID). */
    static final String ENV_ID = "CLUSTERLAB_UNIQUE_ID";
// end::bootstrap[]

    String toLine() {
        try {
            return Json.mapper().writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Bootstrap parse(String line) {
        if (line == null) {
            throw new IllegalStateException("stdin closed before the primary sent the bootstrap record; "
                    + "a worker must be started by Cluster.fork(), not by hand (unset " + ENV_ID + ")");
        }
        try {
            return Json.mapper().readValue(line, Bootstrap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the first line on stdin is not a clusterlab bootstrap record; "
                    + "a worker must be started by Cluster.fork(), not by hand (unset " + ENV_ID + ")", e);
        }
    }
}
