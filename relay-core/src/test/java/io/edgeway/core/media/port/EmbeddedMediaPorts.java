package io.edgeway.core.media.port;

import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.spi.StunPacketHandler;
import io.edgeway.core.spi.StunReplySink;
import io.edgeway.core.time.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * Test fixture: a {@link MediaPort} on a channel the test drives (an {@code EmbeddedChannel}), for tests
 * of media handlers outside this package. No socket is opened.
 */
public final class EmbeddedMediaPorts {

    private EmbeddedMediaPorts() {
    }

    public static MediaPort attach(Channel channel, StunPacketHandler stun, MediaPacketHandler media,
            DtlsServerContext dtls, Clock clock) {
        return MediaPort.attach(channel, stun, media, dtls, clock);
    }

    /** The same with no STUN handling: every STUN packet is left unanswered (a port that only forwards). */
    public static MediaPort attach(Channel channel, MediaPacketHandler media, DtlsServerContext dtls, Clock clock) {
        return MediaPort.attach(channel, NO_STUN, media, dtls, clock);
    }

    private static final StunPacketHandler NO_STUN = new StunPacketHandler() {
        @Override
        public boolean onStun(long nowNanos, InetSocketAddress from, ByteBuf packet, StunReplySink out) {
            return false;
        }

        @Override
        public void onTimeout(long nowNanos) {
        }

        @Override
        public long nextDeadline() {
            return Long.MAX_VALUE;
        }
    };
}
