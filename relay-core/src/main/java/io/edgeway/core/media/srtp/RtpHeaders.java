package io.edgeway.core.media.srtp;

import io.netty.buffer.ByteBuf;

/**
 * The few RTP and RTCP header facts SRTP needs: where the RTP header ends (the SRTP payload, or the
 * GCM associated data, starts there), the sequence number and the SSRC. Deliberately minimal and
 * package-private; the full header flyweight lives in the RTP package.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |  RFC 3550 §5.1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             SSRC                              |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                    CC x CSRC (4 octets each)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   profile-specific (X=1)      |   extension length (words)    |  RFC 3550 §5.3.1
 * |                 extension (length x 4 octets)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * RTCP packets start with the same version bits, and octets 4..7 are the sender's SSRC (RFC 3550 §6.4).
 */
final class RtpHeaders {

    static final int RTP_FIXED_HEADER_LENGTH = 12;
    static final int RTCP_HEADER_LENGTH = 8;
    static final int SEQUENCE_NUMBER_OFFSET = 2;
    static final int RTP_SSRC_OFFSET = 8;
    static final int RTCP_SSRC_OFFSET = 4;
    static final int VERSION = 2;

    private static final int EXTENSION_HEADER_LENGTH = 4;

    private RtpHeaders() {
    }

    /**
     * Length of the RTP header at {@code start}, CSRC list and header extension included, or -1 when
     * the version is not 2 or the header runs past {@code length} octets.
     */
    static int rtpHeaderLength(ByteBuf packet, int start, int length) {
        int first = packet.getUnsignedByte(start);
        if (first >>> 6 != VERSION) {
            return -1;
        }
        int headerLength = RTP_FIXED_HEADER_LENGTH + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (headerLength + EXTENSION_HEADER_LENGTH > length) {
                return -1;
            }
            headerLength += EXTENSION_HEADER_LENGTH + 4 * packet.getUnsignedShort(start + headerLength + 2);
        }
        return headerLength <= length ? headerLength : -1;
    }

    static boolean isVersion2(ByteBuf packet, int start) {
        return packet.getUnsignedByte(start) >>> 6 == VERSION;
    }

    static int sequenceNumber(ByteBuf packet, int start) {
        return packet.getUnsignedShort(start + SEQUENCE_NUMBER_OFFSET);
    }

    static int rtpSsrc(ByteBuf packet, int start) {
        return packet.getInt(start + RTP_SSRC_OFFSET);
    }

    static int rtcpSsrc(ByteBuf packet, int start) {
        return packet.getInt(start + RTCP_SSRC_OFFSET);
    }
}
