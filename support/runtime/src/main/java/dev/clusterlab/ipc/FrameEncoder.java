package dev.clusterlab.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;

import java.io.IOException;

/** Writes a JSON object as one IPC frame (see {@link FrameDecoder}), refusing frames over the limit. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<JsonNode> {
    private final int maxFrameBytes;

    /** An encoder that refuses to write frames of more than {@code maxFrameBytes} bytes of JSON. */
    public FrameEncoder(int maxFrameBytes) {
        super(JsonNode.class);
        this.maxFrameBytes = maxFrameBytes;
    }

    // tag::encode[]
    @Override
    protected void encode(ChannelHandlerContext ctx, JsonNode msg, ByteBuf out) throws IOException {
        int start = out.writerIndex();
        out.writeInt(0);
        try (ByteBufOutputStream body = new ByteBufOutputStream(out)) {
            Json.mapper().writeValue((java.io.OutputStream) body, msg);
        }
        int length = out.writerIndex() - start - Frames.LENGTH_BYTES;
        if (length > maxFrameBytes) {
            out.writerIndex(start);
            throw new EncoderException(new MessageTooLargeException(length, maxFrameBytes));
        }
        out.setInt(start, length);
    }
    // end::encode[]
}
