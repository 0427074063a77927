package io.edgeway.core.media.port;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of an ICE-TCP connection an {@link IceTcpRouter} places: keeps every byte until the
 * first RFC 4571 frame is complete, lets the router find whose participant that connectivity check names,
 * moves the connection to that listener's loop and has it {@link IceTcpListener#adopt adopt} the connection,
 * then removes itself, which passes the bytes it kept (the whole stream so far) to the listener's handlers.
 * See {@link IceTcpRouter} for the reasoning and for what happens to connections that name nobody.
 *
 * <p>One instance per connection, confined to the connection's loop until the move. Every connection
 * reaches exactly one end: adopted by a listener, refused (too many waiting), or closed while it waited.
 */
final class IceTcpHandover extends ByteToMessageDecoder {

    /** RFC 4571 §2: a 16-bit length before each packet. */
    private static final int LENGTH_FIELD = 2;

    private final IceTcpRouter router;
    private ScheduledFuture<?> timeout;
    private boolean pending;
    private boolean decided;

    IceTcpHandover(IceTcpRouter router) {
        this.router = router;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (!router.startPending()) {
            decided = true;
            router.defaultFor(ctx.channel()).refuse(ctx.channel());
            return;
        }
        pending = true;
        timeout = ctx.executor().schedule(() -> decide(ctx, router.defaultFor(ctx.channel())),
                router.firstFrameTimeoutNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided || in.readableBytes() < LENGTH_FIELD) {
            return; // kept in the cumulation until the hand-over
        }
        int start = in.readerIndex();
        int length = in.getUnsignedShort(start);
        if (length == 0 || length > IceTcpRouter.MAX_FIRST_FRAME) {
            // No connectivity check: the default listener's framing rules close it, counted.
            decide(ctx, router.defaultFor(ctx.channel()));
            return;
        }
        if (in.readableBytes() < LENGTH_FIELD + length) {
            return;
        }
        IceTcpListener owner = router.ownerOf(in.slice(start + LENGTH_FIELD, length));
        decide(ctx, owner != null ? owner : router.defaultFor(ctx.channel()));
    }

    private void decide(ChannelHandlerContext ctx, IceTcpListener target) {
        if (decided) {
            return;
        }
        decided = true;
        endPending();
        Channel channel = ctx.channel();
        if (router.isClosed()) {
            channel.close();
            return;
        }
        EventLoop home = target.port().eventLoop();
        if (home == channel.eventLoop()) {
            handOver(ctx, target);
            return;
        }
        // Deregistration runs after the current read batch; bytes read until then are kept here.
        channel.deregister().addListener(deregistered -> {
            if (!deregistered.isSuccess()) {
                target.refuse(channel);
                channel.unsafe().closeForcibly();
                return;
            }
            home.register(channel).addListener(registered -> {
                if (!registered.isSuccess()) {
                    target.refuse(channel);
                    channel.unsafe().closeForcibly();
                    return;
                }
                handOver(ctx, target); // on the home loop: the context follows its channel
            });
        });
    }

    private void handOver(ChannelHandlerContext ctx, IceTcpListener target) {
        Channel channel = ctx.channel();
        if (!channel.isActive()) {
            return; // closed while moving; the pipeline's teardown releases what this handler kept
        }
        try {
            target.adopt(channel);
        } catch (RuntimeException e) {
            target.refuse(channel);
            return;
        }
        // Leaving passes the bytes kept so far to the listener's handlers, then steps out of the way.
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        decided = true;
        endPending();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset before the first frame was complete: this connection only.
        decided = true;
        endPending();
        ctx.close();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        endPending();
    }

    /** Gives the router's waiting slot back, once; cancels the timeout. */
    private void endPending() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        if (pending) {
            pending = false;
            router.endPending();
        }
    }
}
