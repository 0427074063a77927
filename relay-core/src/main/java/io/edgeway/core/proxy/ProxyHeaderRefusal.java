package io.edgeway.core.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An untrusted source's stage: refuses a connection that opens with a PROXY header signature (version 1
 * text or version 2 binary), and passes any other stream on untouched as soon as its first bytes differ
 * from both signatures (usually at the first byte). One instance per connection, on its event loop.
 */
final class ProxyHeaderRefusal extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderRefusal.class);

    /** Version 1 (text) header start. */
    static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    /** Version 2 (binary) header signature. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private final ProxyProtocol protocol;
    private final Consumer<Channel> next;
    private ScheduledFuture<?> timeout;
    private boolean done;

    ProxyHeaderRefusal(ProxyProtocol protocol, Consumer<Channel> next) {
        this.protocol = protocol;
        this.next = next;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Bounded like any undecided connection: a source that sends nothing, or only "PROX", is closed.
        timeout = ctx.executor().schedule(() -> {
            if (!done) {
                done = true;
                protocol.count(ProxyProtocolCounter.DIRECT, 1);
                ctx.close();
            }
        }, protocol.headerTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            return;
        }
        boolean v1 = prefixOf(in, V1_SIGNATURE);
        boolean v2 = prefixOf(in, V2_SIGNATURE);
        if (v1 && in.readableBytes() >= V1_SIGNATURE.length || v2 && in.readableBytes() >= V2_SIGNATURE.length) {
            done = true;
            cancelTimeout();
            protocol.count(ProxyProtocolCounter.HEADER_REFUSED, 1);
            LOG.debug("refused a PROXY header from {}, which is not a trusted load balancer (proxy-protocol-from)",
                    ctx.channel().remoteAddress());
            in.skipBytes(in.readableBytes());
            ctx.close();
        } else if (!v1 && !v2) {
            done = true;
            cancelTimeout();
            protocol.count(ProxyProtocolCounter.DIRECT, 1);
            next.accept(ctx.channel());
            // Leaving hands the bytes read so far to the handlers just installed.
            ctx.pipeline().remove(this);
        }
    }

    /** Whether the readable bytes are a (possibly partial) prefix of {@code signature}. */
    private static boolean prefixOf(ByteBuf in, byte[] signature) {
        int n = Math.min(in.readableBytes(), signature.length);
        int start = in.readerIndex();
        for (int i = 0; i < n; i++) {
            if (in.getByte(start + i) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Before the hand-over the connection is this stage's: a reset ends it quietly.
        ctx.close();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
