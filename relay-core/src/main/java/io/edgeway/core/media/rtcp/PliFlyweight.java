package io.edgeway.core.media.rtcp;

/**
 * Picture Loss Indication (RFC 4585 §6.3.1): PSFB (PT=206) with FMT=1 and no FCI. A receiver sends it
 * when it lost enough of a video picture to need a new keyframe.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P| FMT=1   |    PT=206     |          length=2             |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  SSRC of packet sender                        |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  SSRC of media source                         |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Build one with {@link RtcpBuilder#buildPli}. See {@link RtcpPacketFlyweight} for ownership and
 * threading.
 */
public final class PliFlyweight extends FeedbackFlyweight<PliFlyweight> {

    public static final int LENGTH = FCI_OFFSET;

    /**
     * PSFB, FMT 1. RFC 4585 §6.3.1 says the length MUST be 2; a longer packet is still read as a PLI
     * (the extra bytes are ignored), being lenient in what is accepted.
     */
    @Override
    public boolean isValid() {
        return isValidFeedback(RtcpPacketType.PSFB, RtcpPacketType.FMT_PLI, 0);
    }
}
