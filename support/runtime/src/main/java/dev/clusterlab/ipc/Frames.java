package dev.clusterlab.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.json.Json;

/** Constants and builders of the IPC protocol's frames. */
public final class Frames {
    /** Size of the length prefix. */
    public static final int LENGTH_BYTES = 4;
    /** Default limit of one frame's JSON, like a generous Node IPC message. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    private Frames() {
    }

    /** A new frame {@code {"act": act}}. */
    public static ObjectNode of(String act) {
        return Json.mapper().createObjectNode().put("act", act);
    }

    /** The frame's {@code act} field. */
    public static String act(JsonNode frame) {
        return frame.path("act").asText();
    }
}
