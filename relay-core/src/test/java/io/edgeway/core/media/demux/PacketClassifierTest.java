package io.edgeway.core.media.demux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class PacketClassifierTest {

    /** The RFC 7983 §7 table, byte by byte, for packets long enough for every protocol. */
    @Test
    void everyFirstByteFollowsRfc7983() {
        ByteBuf buf = Unpooled.buffer(64).writeZero(64);
        try {
            for (int first = 0; first < 256; first++) {
                buf.setByte(0, first);
                buf.setByte(1, 96); // an RTP second byte: no marker, PT 96
                PacketKind expected;
                if (first <= 3) {
                    expected = PacketKind.STUN;
                } else if (first >= 16 && first <= 19) {
                    expected = PacketKind.ZRTP;
                } else if (first >= 20 && first <= 63) {
                    expected = PacketKind.DTLS;
                } else if (first >= 64 && first <= 79) {
                    expected = PacketKind.TURN_CHANNEL;
                } else if (first >= 128 && first <= 191) {
                    expected = PacketKind.RTP;
                } else {
                    expected = PacketKind.UNKNOWN;
                }
                assertThat(PacketClassifier.classify(buf, 0, 64)).as("first byte %d", first).isEqualTo(expected);
            }
        } finally {
            buf.release();
        }
    }

    /** RFC 5761 §4: second byte 192-223 is RTCP, everything else (marker + PT) is RTP. */
    @Test
    void secondByteSplitsRtpFromRtcp() {
        ByteBuf buf = Unpooled.buffer(12).writeZero(12);
        try {
            buf.setByte(0, 0x80);
            for (int second = 0; second < 256; second++) {
                buf.setByte(1, second);
                PacketKind expected = second >= 192 && second <= 223 ? PacketKind.RTCP : PacketKind.RTP;
                assertThat(PacketClassifier.classify(buf, 0, 12)).as("second byte %d", second).isEqualTo(expected);
                assertThat(PacketClassifier.isRtcpPacketType(second)).isEqualTo(expected == PacketKind.RTCP);
            }
        } finally {
            buf.release();
        }
    }

    @Test
    void realHeadersFromTheRfcs() {
        // RFC 5769 §2.1 sample request header: 0x0001 Binding request, length 0x58, magic cookie.
        assertKind(PacketKind.STUN, 20, 0x00, 0x01, 0x00, 0x58, 0x21, 0x12, 0xa4, 0x42);
        // DTLS 1.2 handshake record (RFC 6347 §4.1): content type 22, version 0xfefd.
        assertKind(PacketKind.DTLS, 13, 22, 0xfe, 0xfd);
        // ChannelData on channel 0x4001 (RFC 8656 §12.4).
        assertKind(PacketKind.TURN_CHANNEL, 4, 0x40, 0x01, 0x00, 0x00);
        // An SR (PT 200) and a PLI (PSFB 206) as the first bytes of SRTCP packets.
        assertKind(PacketKind.RTCP, 8, 0x80, 200);
        assertKind(PacketKind.RTCP, 12, 0x81, 206);
        // Opus RTP with PT 111, and VP8 with PT 96 and the marker bit (0xE0 is 224: still RTP).
        assertKind(PacketKind.RTP, 12, 0x80, 111);
        assertKind(PacketKind.RTP, 12, 0x90, 0xE0);
    }

    @Test
    void tooShortForItsProtocolIsUnknown() {
        assertKind(PacketKind.UNKNOWN, 0);
        assertKind(PacketKind.UNKNOWN, 19, 0x00, 0x01);
        assertKind(PacketKind.UNKNOWN, 12, 22, 0xfe, 0xfd);
        assertKind(PacketKind.UNKNOWN, 3, 0x40, 0x01, 0x00);
        assertKind(PacketKind.UNKNOWN, 1, 0x80);
        assertKind(PacketKind.UNKNOWN, 7, 0x80, 200);
        assertKind(PacketKind.UNKNOWN, 11, 0x80, 111);
    }

    @Test
    void classifiesTheReadableBytesWithoutMovingIndices() {
        ByteBuf buf = Unpooled.buffer(32);
        try {
            buf.writeZero(4);
            buf.writeByte(0x80).writeByte(201).writeShort(1).writeInt(0x01020304);
            buf.readerIndex(4);
            assertThat(PacketClassifier.classify(buf)).isEqualTo(PacketKind.RTCP);
            assertThat(buf.readerIndex()).isEqualTo(4);
            assertThat(buf.writerIndex()).isEqualTo(12);
        } finally {
            buf.release();
        }
    }

    private static void assertKind(PacketKind expected, int length, int... firstBytes) {
        ByteBuf buf = Unpooled.buffer(Math.max(length, 1)).writeZero(Math.max(length, 1));
        try {
            for (int i = 0; i < firstBytes.length && i < buf.capacity(); i++) {
                buf.setByte(i, firstBytes[i]);
            }
            assertThat(PacketClassifier.classify(buf, 0, length)).isEqualTo(expected);
        } finally {
            buf.release();
        }
    }
}
