package io.edgeway.core.sharedport;

import io.edgeway.core.tls.ReloadableSslContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * TLS on a shared port: recognised by its first record header (RFC 8446 §5.1: content type 22,
 * handshake, then legacy version 3.x), terminated here with the listener's certificate, and followed by a
 * second {@link ProtocolSniffer} that chooses among the protocols carried inside TLS by ALPN or by the
 * first decrypted bytes. Not a protocol of its own: the connection stays undecided until the inner
 * sniffer hands it over.
 */
final class TlsPortProtocol implements PortProtocol {

    /** RFC 8446 §5.1 ContentType handshake(22). */
    static final int CONTENT_TYPE_HANDSHAKE = 22;
    /** The major byte of every legacy record version from SSL 3.0 to TLS 1.3. */
    static final int LEGACY_VERSION_MAJOR = 3;

    private final ReloadableSslContext context;
    private final List<PortProtocol> inside;
    private final SharedPortListener listener;

    /**
     * @param context the listener's own context, whose ALPN list is the ids of {@code inside}
     */
    TlsPortProtocol(ReloadableSslContext context, List<PortProtocol> inside, SharedPortListener listener) {
        this.context = context;
        this.inside = List.copyOf(inside);
        this.listener = listener;
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public Recognition recognise(ByteBuf head) {
        int start = head.readerIndex();
        if (head.getUnsignedByte(start) != CONTENT_TYPE_HANDSHAKE) {
            return Recognition.NOT_MINE;
        }
        if (head.readableBytes() < 3) {
            return Recognition.NEED_MORE;
        }
        // Minor versions 0 (SSL 3.0) to 4: the legacy field of a ClientHello record is 3.1 or 3.3 in practice.
        return head.getUnsignedByte(start + 1) == LEGACY_VERSION_MAJOR && head.getUnsignedByte(start + 2) <= 4
                ? Recognition.MINE : Recognition.NOT_MINE;
    }

    @Override
    public void install(Channel channel) {
        // Read per connection, never cached: a reloaded certificate serves the next client.
        SslHandler tls = context.current().newHandler(channel.alloc());
        // The inner sniffer's timeout bounds the handshake too: one clock per undecided connection.
        tls.setHandshakeTimeoutMillis(0);
        channel.pipeline().addLast("tls", tls);
        channel.pipeline().addLast("tls-sniffer", new ProtocolSniffer(inside, listener, true));
    }

    List<PortProtocol> inside() {
        return inside;
    }
}
