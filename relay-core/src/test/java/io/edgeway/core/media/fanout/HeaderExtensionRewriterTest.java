package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.rtp.ExtensionIdMap;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.sdp.ExtMap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-subscriber rewrite on packets captured from Chrome (the same captures as the rtp package's
 * {@code RtpCaptures}: olivermichel/webrtc-analysis rtp_pkt2 and rtp_pkt3), with the expected bytes worked
 * out by hand from the two ID mappings.
 */
class HeaderExtensionRewriterTest {

    private static final String ABS_SEND_TIME = ExtMap.ABS_SEND_TIME;
    private static final String TWCC = TransportWideSequence.URI;
    private static final String ORIENTATION = "urn:3gpp:video-orientation";
    private static final String CONTENT_TYPE = "http://www.webrtc.org/experiments/rtp-hdrext/video-content-type";
    private static final String TIMING = "http://www.webrtc.org/experiments/rtp-hdrext/video-timing";
    private static final String TOFFSET = "urn:ietf:params:rtp-hdrext:toffset";
    private static final String COLOR_SPACE = "http://www.webrtc.org/experiments/rtp-hdrext/color-space";

    /**
     * The publisher's IDs as the capture uses them: 2 abs-send-time (3 bytes), 4 transport-wide sequence
     * (2 bytes), 9 MID ("0"), 3 orientation, 6 content type, 7 timing (13 bytes), 13 toffset (3 bytes).
     */
    private static final HeaderExtensionMap PUBLISHER = HeaderExtensionMap.of(Map.of(ABS_SEND_TIME, 2, TWCC, 4,
            ExtMap.SDES_MID, 9, ORIENTATION, 3, CONTENT_TYPE, 6, TIMING, 7, TOFFSET, 13));
    /** The subscriber's IDs: those of the Chromium offer fixture (so publisher 4 -> 3 and 3 -> 13 cross). */
    private static final HeaderExtensionMap SUBSCRIBER = HeaderExtensionMap.of(Map.of(ABS_SEND_TIME, 2, TWCC, 3,
            ExtMap.SDES_MID, 4, ORIENTATION, 13, CONTENT_TYPE, 6, TIMING, 7, TOFFSET, 14, COLOR_SPACE, 8,
            ExtMap.RTP_STREAM_ID, 10));

    private static final String CHROME_HEADER = "90ad19d4d405e797f7b16e83";
    /** rtp_pkt2: 0xBEDE, length 8. */
    private static final String CHROME_ONE_BYTE_BLOCK = "bede0008" + "22ea432b" + "410004" + "9030" + "3000" + "6002"
            + "7c0100030009000a002300000000" + "d2400001" + "00";

    private final HeaderExtensionRewriter rewriter = new HeaderExtensionRewriter();

    @Test
    void mapsEveryIdPadsTheMidAndStampsTheSubscribersSequenceNumber() {
        ExtensionIdMap table = ExtensionIdMap.between(PUBLISHER, SUBSCRIBER, HeaderExtensionRewriter.WITHHELD);
        ByteBuf packet = Unpooled.buffer().writeBytes(ByteBufUtil.decodeHexDump(CHROME_HEADER + CHROME_ONE_BYTE_BLOCK
                + "cafe"));
        try {
            assertThat(rewriter.rewrite(packet, table, SUBSCRIBER.id(TWCC), 0x1234)).isTrue();

            assertThat(ByteBufUtil.hexDump(packet)).isEqualTo(CHROME_HEADER + "bede0008"
                    + "22ea432b"   // abs-send-time: 2 -> 2
                    + "311234"     // transport-wide sequence: 4 -> 3, the subscriber's number
                    + "0000"       // MID: padding
                    + "d000"       // orientation: 3 -> 13
                    + "6002"       // content type: 6 -> 6
                    + "7c0100030009000a002300000000" // timing: 7 -> 7
                    + "e2400001"   // toffset: 13 -> 14
                    + "00" + "cafe");
        } finally {
            packet.release();
        }
    }

    /** rtp_pkt3, two-byte form (0x1000): the same mapping, IDs above 14 allowed, the MID padded out. */
    @Test
    void handlesTheTwoByteFormTheSameWay() {
        HeaderExtensionMap publisher = HeaderExtensionMap.of(Map.of(ABS_SEND_TIME, 2, TWCC, 4, ExtMap.SDES_MID, 9,
                ORIENTATION, 3, CONTENT_TYPE, 6, TIMING, 7, COLOR_SPACE, 13));
        HeaderExtensionMap subscriber = HeaderExtensionMap.of(Map.of(ABS_SEND_TIME, 2, TWCC, 3, ExtMap.SDES_MID, 4,
                ORIENTATION, 13, CONTENT_TYPE, 6, TIMING, 7, COLOR_SPACE, 208));
        String colorSpace = "c000018003187aaaf130a0a014d1413823046008642222265009f0077013f00ef0";
        String header = "902d61c5950a0fee8d3814e5";
        ByteBuf packet = Unpooled.buffer().writeBytes(ByteBufUtil.decodeHexDump(header + "10000011"
                + "020303f7ae" + "04020002" + "090130" + "030100" + "060102" + "070d01000100070007000a00000000"
                + "0d21" + colorSpace));
        try {
            ExtensionIdMap table = ExtensionIdMap.between(publisher, subscriber, HeaderExtensionRewriter.WITHHELD);
            assertThat(rewriter.rewrite(packet, table, 3, 0xfffe)).isTrue();

            assertThat(ByteBufUtil.hexDump(packet)).isEqualTo(header + "10000011"
                    + "020303f7ae" + "0302fffe" + "000000" + "0d0100" + "060102" + "070d01000100070007000a00000000"
                    + "d021" + colorSpace);
        } finally {
            packet.release();
        }
    }

    @Test
    void withoutTheSubscribersTransportWideIdNothingIsStampedAndTheElementGoes() {
        HeaderExtensionMap noTwcc = HeaderExtensionMap.of(Map.of(ABS_SEND_TIME, 2));
        ExtensionIdMap table = ExtensionIdMap.between(PUBLISHER, noTwcc, HeaderExtensionRewriter.WITHHELD);
        ByteBuf packet = Unpooled.buffer().writeBytes(ByteBufUtil.decodeHexDump(CHROME_HEADER + CHROME_ONE_BYTE_BLOCK));
        try {
            assertThat(rewriter.rewrite(packet, table, 0, 7)).isFalse();

            assertThat(ByteBufUtil.hexDump(packet)).isEqualTo(CHROME_HEADER + "bede0008" + "22ea432b" + "000000"
                    + "0000" + "0000" + "0000" + "0000000000000000000000000000" + "00000000" + "00");
        } finally {
            packet.release();
        }
    }

    @Test
    void aMalformedBlockBecomesAllPaddingAndOtherProfilesAndPlainHeadersAreLeftAlone() {
        ExtensionIdMap table = ExtensionIdMap.between(PUBLISHER, SUBSCRIBER, HeaderExtensionRewriter.WITHHELD);
        // A MID element, then a transport-wide element (ID 4, L=1) whose two bytes the block does not hold.
        String malformed = CHROME_HEADER + "bede0001" + "9030" + "00" + "41";
        String otherProfile = CHROME_HEADER + "abcd0001" + "9030" + "0000";
        String plain = "80ad19d4d405e797f7b16e83" + "9030";
        ByteBuf a = Unpooled.buffer().writeBytes(ByteBufUtil.decodeHexDump(malformed));
        ByteBuf b = Unpooled.buffer().writeBytes(ByteBufUtil.decodeHexDump(otherProfile));
        ByteBuf c = Unpooled.buffer().writeBytes(ByteBufUtil.decodeHexDump(plain));
        try {
            assertThat(rewriter.rewrite(a, table, 3, 1)).isFalse();
            assertThat(ByteBufUtil.hexDump(a)).isEqualTo(CHROME_HEADER + "bede0001" + "00000000");
            assertThat(rewriter.rewrite(b, table, 3, 1)).isFalse();
            assertThat(ByteBufUtil.hexDump(b)).isEqualTo(otherProfile);
            assertThat(rewriter.rewrite(c, table, 3, 1)).isFalse();
            assertThat(ByteBufUtil.hexDump(c)).isEqualTo(plain);
        } finally {
            a.release();
            b.release();
            c.release();
        }
    }
}
