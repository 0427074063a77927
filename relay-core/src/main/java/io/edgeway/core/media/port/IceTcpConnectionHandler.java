package io.edgeway.core.media.port;

import io.edgeway.core.time.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an ICE-TCP connection, after the {@link Rfc4571FrameDecoder}: hands each frame to
 * the shared {@link MediaDemultiplexer} exactly as the UDP port hands a datagram, with the connection as
 * the STUN reply sink and as the route to its participant, counts it once and releases it. It holds no
 * protocol logic. Reads the clock once per read batch and flushes once per read batch: this connection
 * and the port's UDP socket, where copies for participants on UDP wait.
 *
 * <p>Unlike a datagram, a frame cannot fail alone: once a length is wrong every later boundary is too.
 * So a broken frame closes the connection (only this one) instead of being dropped: an empty or oversized
 * frame, a first frame that is not STUN (RFC 6544: the active side opens a connection to send a
 * connectivity check on it, and nothing else may precede the check that validates it), or a frame no
 * RFC 7983 range claims or that only looks like STUN. Frames already decoded behind a broken one are
 * counted as {@link MediaPortCounter#UNCLASSIFIED} and dropped: nothing in that stream can be trusted.
 *
 * <p>One instance per connection, confined to the media port's event loop.
 */
final class IceTcpConnectionHandler extends ChannelInboundHandlerAdapter {

    private final IceTcpListener listener;
    private final MediaDemultiplexer demultiplexer;
    private final Clock clock;
    private IceTcpConnection connection;
    private MediaDemultiplexer.Routes routes;
    private boolean sawStun;
    private boolean refused;
    /** Clock reading of the accept or of the last STUN frame the responder took; loop only. */
    private long lastStunNanos;
    private long batchNow;
    private boolean batchNowValid;

    IceTcpConnectionHandler(IceTcpListener listener, MediaDemultiplexer demultiplexer, Clock clock) {
        this.listener = listener;
        this.demultiplexer = demultiplexer;
        this.clock = clock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Installed on a connection that is already open (a shared port hands it over after its first
        // bytes): there will be no channelActive, so start here.
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (start(ctx)) {
            ctx.fireChannelActive();
        }
    }

    /** Once per connection: its sink and idle clock; false when the listener refused it (over the limit). */
    private boolean start(ChannelHandlerContext ctx) {
        if (connection == null) {
            connection = new IceTcpConnection(ctx.channel(), listener.port());
            routes = connection::transportAt;
            lastStunNanos = clock.nanos();
            refused = !listener.accepted(ctx.channel());
        }
        return !refused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame) || connection == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int outcome;
        if (!ctx.channel().isOpen()) {
            frame.release();
            listener.count(MediaDemultiplexer.UNCLASSIFIED);
            return;
        }
        try {
            if (!batchNowValid) {
                batchNow = clock.nanos();
                batchNowValid = true;
            }
            outcome = demultiplexer.dispatch(batchNow, connection.remoteAddress(), frame, connection, routes);
        } catch (RuntimeException e) {
            outcome = MediaDemultiplexer.HANDLER_FAILED;
        } finally {
            frame.release();
        }
        listener.count(outcome);
        if (outcome == MediaDemultiplexer.STUN_HANDLED) {
            sawStun = true;
            lastStunNanos = batchNow;
        } else if (!sawStun || outcome == MediaDemultiplexer.UNCLASSIFIED
                || outcome == MediaDemultiplexer.STUN_MALFORMED) {
            framingLost(ctx);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batchNowValid = false;
        ctx.flush();
        // Media read here fans out to participants on the UDP socket too; their copies are queued on the
        // port's channel, which otherwise flushes only after its own reads or the next media tick.
        listener.port().flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.release();
            listener.closed(ctx.channel());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            framingLost(ctx);
            return;
        }
        // A failed write (voidPromise) or a reset connection: counted, never propagated to the tail. A read
        // error leaves the connection unusable, so close it (a no-op when it is closed already).
        listener.count(MediaDemultiplexer.HANDLER_FAILED);
        ctx.close();
    }

    /**
     * Whether no STUN frame has arrived for {@code timeoutNanos}: the connection's checks (and, on a
     * selected pair, its consent checks every few seconds, RFC 7675) have stopped. Loop only.
     */
    boolean idle(long nowNanos, long timeoutNanos) {
        return connection != null && nowNanos - lastStunNanos >= timeoutNanos;
    }

    private void framingLost(ChannelHandlerContext ctx) {
        if (ctx.channel().isOpen()) {
            listener.framingLost();
            ctx.close();
        }
    }
}
