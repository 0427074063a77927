package io.edgeway.ice;

import io.edgeway.core.media.sdp.Candidate;

/**
 * The priorities of the SFU's own candidates (RFC 8445 §5.1.2), in one place for the descriptions that
 * announce them and the responder that ranks nominated pairs by them: one UDP host candidate and, with
 * ICE-TCP, one {@code tcptype passive} candidate per announced address on the media port, earlier
 * addresses preferred. Stateless.
 */
public final class LocalCandidates {

    /** RFC 8445 §5.1.2.2: 126 for host candidates. */
    public static final int HOST_TYPE_PREFERENCE = 126;
    /**
     * ICE-TCP candidates rank below every UDP one (RFC 6544 §4.2 leaves the choice to the agent): a
     * browser that can use UDP should, TCP is for networks that block it.
     */
    public static final int TCP_TYPE_PREFERENCE = 90;
    private static final int MAX_LOCAL_PREFERENCE = 65535;
    /** RTP, and with rtcp-mux the only component. */
    private static final int COMPONENT = 1;

    private LocalCandidates() {
    }

    /**
     * The priority of the SFU's candidate on the {@code addressIndex}-th announced address (0 first):
     * a TCP one when {@code stream}, else UDP.
     */
    public static long priority(boolean stream, int addressIndex) {
        if (addressIndex < 0 || addressIndex > MAX_LOCAL_PREFERENCE) {
            throw new IllegalArgumentException("address index out of range: " + addressIndex);
        }
        return Candidate.priority(stream ? TCP_TYPE_PREFERENCE : HOST_TYPE_PREFERENCE,
                MAX_LOCAL_PREFERENCE - addressIndex, COMPONENT);
    }
}
