package io.edgeway.core.media.port;

import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.spi.StunPacketHandler;
import io.edgeway.core.time.Clock;
import io.netty.channel.Channel;

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
}
