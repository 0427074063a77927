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
 * The PROXY header signature check, first in the pipeline, for both kinds of source. An untrusted
 * source's connection that opens with a header signature (version 1 text or version 2 binary) is
 * refused; any other stream passes on untouched as soon as its first bytes differ from both signatures
 * (usually at the first byte). A trusted source's connection that does not open with a signature is
 * closed at once (Netty's decoder, behind this, would wait for a whole line); one that does passes on to
 * the decoder. One instance per connection, on its event loop.
 */
final class ProxyHeaderRefusal extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderRefusal.class);

    /** Version 1 (text) header start. */
    static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    /** Version 2 (binary) header signature. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private final ProxyProtocol protocol;
    /** Null for a trusted source: the header handler behind the decoder installs what follows. */
    private final Consumer<Channel> next;
    private ScheduledFuture<?> timeout;
    private boolean done;

    /** For an untrusted source: refuse a header, pass anything else on to {@code next}. */
    ProxyHeaderRefusal(ProxyProtocol protocol, Consumer<Channel> next) {
        this.protocol = protocol;
        this.next = next;
    }

    /** For a trusted source: close a stream that is not a header, let a header through to the decoder. */
    static ProxyHeaderRefusal requiringHeader(ProxyProtocol protocol) {
        return new ProxyHeaderRefusal(protocol, null);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (next == null) {
            return; // the header handler's own timeout bounds a trusted source
        }
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
        boolean signature = v1 && in.readableBytes() >= V1_SIGNATURE.length
                || v2 && in.readableBytes() >= V2_SIGNATURE.length;
        if (next == null) {
            if (signature) {
                done = true;
                ctx.pipeline().remove(this); // the decoder behind reads the header from its first byte
            } else if (!v1 && !v2) {
                done = true;
                in.skipBytes(in.readableBytes());
                // Counted by the header handler when the connection closes without a header.
                LOG.debug("closing {} from a trusted load balancer: no PROXY header", ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        if (signature) {
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
