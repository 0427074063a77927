package io.edgeway.core.media.sdp;

/**
 * The {@code o=} line (RFC 8866 §5.2): {@code <username> <sess-id> <sess-version> IN <addrtype>
 * <address>}. JSEP (RFC 8829 §5.2.1) keeps the session id for the whole session and increments the
 * version with every new description, which is how the SFU's renegotiation offers use it.
 *
 * @param sessionId decimal digits, kept as text because RFC 8866 does not bound its size
 * @param sessionVersion incremented by one for each new local description
 */
public record Origin(String username, String sessionId, long sessionVersion, String netType, String addrType,
                     String address) {

    public Origin {
        SdpSyntax.word("origin username", username);
        SdpSyntax.word("origin session id", sessionId);
        SdpSyntax.unsigned("origin session id", sessionId, Long.MAX_VALUE);
        if (sessionVersion < 0) {
            throw new IllegalArgumentException("origin session version is negative: " + sessionVersion);
        }
        SdpSyntax.token("origin network type", netType);
        SdpSyntax.token("origin address type", addrType);
        SdpSyntax.word("origin address", address);
    }

    /** The origin JSEP endpoints write: username {@code -}, {@code IN IP4 127.0.0.1}. */
    public static Origin of(long sessionId, long sessionVersion) {
        if (sessionId < 0) {
            throw new IllegalArgumentException("session id is negative: " + sessionId);
        }
        return new Origin("-", Long.toString(sessionId), sessionVersion, "IN", "IP4", "127.0.0.1");
    }

    /** This origin with the version incremented, for the next description of the same session. */
    public Origin nextVersion() {
        return new Origin(username, sessionId, sessionVersion + 1, netType, addrType, address);
    }

    String toValue() {
        return username + ' ' + sessionId + ' ' + sessionVersion + ' ' + netType + ' ' + addrType + ' ' + address;
    }
}
