package io.edgeway.signaling.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.util.List;

/**
 * Writes each server message ({@link ObjectNode}) as one text frame, serialised here on the connection's
 * event loop rather than on the media port's loop, which only builds the node. The frame's buffer comes
 * from the channel's allocator; the frame goes down the pipeline and is released by the WebSocket
 * encoder. Sharable and stateless.
 */
@ChannelHandler.Sharable
final class JsonFrameEncoder extends MessageToMessageEncoder<ObjectNode> {

    static final JsonFrameEncoder INSTANCE = new JsonFrameEncoder();
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFrameEncoder() {
        super(ObjectNode.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ObjectNode message, List<Object> out) throws IOException {
        ByteBuf text = ctx.alloc().buffer();
        boolean done = false;
        try {
            JSON.writeValue((java.io.OutputStream) new ByteBufOutputStream(text), message);
            out.add(new TextWebSocketFrame(text));
            done = true;
        } finally {
            if (!done) {
                text.release();
            }
        }
    }
}
