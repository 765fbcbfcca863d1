package dev.clusterlab.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

import java.io.IOException;

/**
 * Reads IPC frames: a 4-byte big-endian length, then that many bytes of UTF-8 JSON holding an
 * object with a string field {@code act}.
 *
 * <p>A frame longer than the limit, or one that is not such an object, fails the decoder; the
 * channel's error handler then closes only that connection.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    /** A decoder that accepts frames of at most {@code maxFrameBytes} bytes of JSON. */
    public FrameDecoder(int maxFrameBytes) {
        // Netty's limit counts the length prefix too; ours, like FrameEncoder's, counts the JSON only.
        super((int) Math.min(Integer.MAX_VALUE, (long) maxFrameBytes + Frames.LENGTH_BYTES),
                0, Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            JsonNode node = parse(frame);
            if (!node.isObject() || !node.path("act").isTextual()) {
                throw new CorruptedFrameException("IPC frame is not a JSON object with an \"act\" field");
            }
            return node;
        } finally {
            frame.release();
        }
    }

    private static JsonNode parse(ByteBuf frame) {
        try (ByteBufInputStream in = new ByteBufInputStream(frame)) {
            return Json.mapper().readTree((java.io.InputStream) in);
        } catch (IOException e) {
            throw new CorruptedFrameException("IPC frame is not valid JSON: " + e.getMessage(), e);
        }
    }
}
