package io.edgeway.core.sharedport;

import io.edgeway.core.sharedport.PortProtocol.Recognition;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decides which {@link PortProtocol} a shared-port connection speaks and hands the connection to it.
 *
 * <p>Theory of operation. The sniffer is the last handler of a connection whose protocol is not yet
 * known. It keeps every byte that arrives (Netty's cumulation) and asks each protocol, in the listener's
 * order, about them; the first {@link Recognition#MINE} wins. Inside TLS ({@code insideTls}) it first
 * waits for the handshake: an agreed ALPN id chooses its protocol at once, and only without one are the
 * first decrypted bytes looked at. The winner's {@link PortProtocol#home home} loop, if it is another,
 * gets the channel (deregistered here, registered there; reads resume there); then the protocol installs
 * its handlers behind the sniffer and the sniffer removes itself, which passes the bytes it kept to them
 * in order. Every connection reaches exactly one end: handed over, or closed and counted
 * ({@link SharedPortCounter}): no protocol says {@code MINE} or {@value #MAX_HEAD_BYTES} bytes did not
 * settle it ({@code UNRECOGNISED}), nothing settled it within the listener's timeout ({@code TIMED_OUT}),
 * the handshake failed ({@code TLS_FAILED}), or the move failed ({@code HANDOVER_FAILED}).
 *
 * <p>One instance per connection (two for TLS: one before it, one inside), confined to the connection's
 * event loop until the hand-over. Nothing here runs per packet: a connection passes through once.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {

    /** Every protocol carried tells itself apart within this many bytes; more undecided is garbage. */
    static final int MAX_HEAD_BYTES = 64;

    private final List<PortProtocol> protocols;
    private final SharedPortListener listener;
    private final boolean insideTls;
    private ScheduledFuture<?> timeout;
    private boolean decided;
    private boolean handshaken;

    ProtocolSniffer(List<PortProtocol> protocols, SharedPortListener listener, boolean insideTls) {
        this.protocols = protocols;
        this.listener = listener;
        this.insideTls = insideTls;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> end(ctx, SharedPortCounter.TIMED_OUT),
                listener.decideTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided || insideTls && !handshaken) {
            return; // kept in the cumulation until the hand-over (or, inside TLS, the handshake's end)
        }
        recognise(ctx, in);
    }

    private void recognise(ChannelHandlerContext ctx, ByteBuf in) {
        if (!in.isReadable()) {
            return;
        }
        boolean needMore = false;
        for (PortProtocol protocol : protocols) {
            Recognition verdict = protocol.recognise(in);
            if (verdict == Recognition.MINE) {
                decide(ctx, protocol);
                return;
            }
            needMore |= verdict == Recognition.NEED_MORE;
        }
        if (!needMore || in.readableBytes() >= MAX_HEAD_BYTES) {
            in.skipBytes(in.readableBytes());
            end(ctx, SharedPortCounter.UNRECOGNISED);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (insideTls && !decided && evt instanceof SslHandshakeCompletionEvent completion) {
            if (!completion.isSuccess()) {
                end(ctx, SharedPortCounter.TLS_FAILED);
                return;
            }
            handshaken = true;
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            String alpn = tls == null ? null : tls.applicationProtocol();
            if (alpn != null) {
                for (PortProtocol protocol : protocols) {
                    if (protocol.alpnIds().contains(alpn)) {
                        decide(ctx, protocol);
                        return;
                    }
                }
            }
            ByteBuf early = internalBuffer();
            if (early.isReadable()) {
                recognise(ctx, early);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void decide(ChannelHandlerContext ctx, PortProtocol protocol) {
        decided = true;
        cancelTimeout();
        Channel channel = ctx.channel();
        EventLoop home = protocol.home(channel);
        if (home == null || home == channel.eventLoop()) {
            handOver(ctx, protocol);
            return;
        }
        // Deregistration runs after the current read batch; bytes read until then are kept here.
        channel.deregister().addListener(deregistered -> {
            if (!deregistered.isSuccess()) {
                listener.bump(SharedPortCounter.HANDOVER_FAILED);
                channel.unsafe().closeForcibly();
                return;
            }
            home.register(channel).addListener(registered -> {
                if (!registered.isSuccess()) {
                    listener.bump(SharedPortCounter.HANDOVER_FAILED);
                    channel.unsafe().closeForcibly();
                    return;
                }
                handOver(ctx, protocol); // on the home loop: the context follows its channel
            });
        });
    }

    private void handOver(ChannelHandlerContext ctx, PortProtocol protocol) {
        Channel channel = ctx.channel();
        if (!channel.isActive()) {
            return; // closed while moving; the pipeline's teardown releases what this handler kept
        }
        try {
            protocol.install(channel);
        } catch (RuntimeException e) {
            listener.bump(SharedPortCounter.HANDOVER_FAILED);
            channel.close();
            return;
        }
        listener.handedOver(protocol, channel);
        // Leaving passes the bytes kept so far to the handlers just installed, then steps out of the way.
        ctx.pipeline().remove(this);
    }

    /** Closes an undecided connection, counted once. */
    private void end(ChannelHandlerContext ctx, SharedPortCounter reason) {
        if (decided) {
            return;
        }
        decided = true;
        cancelTimeout();
        listener.bump(reason);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset, or a TLS alert or broken record before the handshake's end: this connection only.
        if (!decided) {
            end(ctx, insideTls && !handshaken ? SharedPortCounter.TLS_FAILED : SharedPortCounter.UNRECOGNISED);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimeout();
        decided = true;
        super.channelInactive(ctx);
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
