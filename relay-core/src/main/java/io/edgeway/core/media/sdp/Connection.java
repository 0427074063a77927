package io.edgeway.core.media.sdp;

/**
 * The {@code c=} line (RFC 8866 §5.7): {@code IN IP4 <address>} or {@code IN IP6 <address>}. The
 * address is kept as written (a multicast {@code /ttl} suffix included); WebRTC puts the default
 * candidate's address here, or {@code 0.0.0.0} before any candidate is known.
 */
public record Connection(String netType, String addrType, String address) {

    /** {@code IN IP4 0.0.0.0}: the placeholder of an m= section without a default candidate. */
    public static final Connection UNSPECIFIED = new Connection("IN", "IP4", "0.0.0.0");

    public Connection {
        SdpSyntax.token("connection network type", netType);
        SdpSyntax.token("connection address type", addrType);
        SdpSyntax.word("connection address", address);
    }

    /** {@code IN IP6 address} if the address has a colon, {@code IN IP4 address} otherwise. */
    public static Connection of(String address) {
        return new Connection("IN", address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
    }

    String toValue() {
        return netType + ' ' + addrType + ' ' + address;
    }
}
