package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import java.net.InetSocketAddress;

/**
 * ALTERNATE-SERVER (RFC 8489 §14.15): where a client should retry after a 300 (Try Alternate). Same
 * layout as MAPPED-ADDRESS ({@link MappedAddress}); RFC 8489 §10 requires the alternate to be of the
 * same address family as the request's destination. Stateless.
 */
public final class AlternateServer {

    private AlternateServer() {
    }

    /** Decodes the attribute at {@code index}. Allocates the returned address. */
    public static InetSocketAddress read(StunMessage message, int index) throws StunParseException {
        return MappedAddress.read(message, index);
    }

    public static void addTo(StunMessageWriter writer, InetSocketAddress server) {
        MappedAddress.addTo(writer, StunAttributeType.ALTERNATE_SERVER, server.getAddress(), server.getPort());
    }
}
