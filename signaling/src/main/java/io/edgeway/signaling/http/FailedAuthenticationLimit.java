package io.edgeway.signaling.http;

import io.edgeway.core.proxy.ClientAddress;
import io.edgeway.turn.policy.SourceRateLimiter;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;

/**
 * A limit on failed authentications per source address: every 401 this port answers costs the source one
 * permit of a token bucket ({@value #BURST} at once, {@value #PER_SECOND} more each second); a source with
 * none left gets 429 {@code rate_limited} for every request, before any route, database or executor work,
 * until the bucket refills. A flood of bad keys or tokens from one place then costs almost nothing and
 * cannot crowd out real calls (issue #10); a client that authenticates never spends a permit.
 *
 * <p>Sharable, one instance per listener; the buckets are {@link SourceRateLimiter}'s fixed table (bounded
 * memory under spoofed floods), guarded by this instance's monitor since connections may live on several
 * event loops.
 */
@ChannelHandler.Sharable
final class FailedAuthenticationLimit extends ChannelDuplexHandler {

    static final int PER_SECOND = 1;
    static final int BURST = 20;

    private final SourceRateLimiter failures = new SourceRateLimiter(PER_SECOND, BURST, 4096);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && exhausted(source(ctx))) {
            ReferenceCountUtil.release(request);
            HttpResponses.write(ctx, HttpResponses.error(ctx.alloc(), new ApiException(ErrorCode.RATE_LIMITED,
                    "too many failed authentications from your address; check the key or token, then retry", 1)), false);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && response.status().code() == HttpResponseStatus.UNAUTHORIZED.code()) {
            failed(source(ctx));
        }
        super.write(ctx, msg, promise);
    }

    private synchronized boolean exhausted(InetAddress source) {
        return !failures.wouldAdmit(source, System.nanoTime());
    }

    private synchronized void failed(InetAddress source) {
        failures.tryAcquire(source, System.nanoTime());
    }

    private static InetAddress source(ChannelHandlerContext ctx) {
        return ClientAddress.of(ctx.channel()).getAddress();
    }
}
