package io.edgeway.core.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtpHeaderFlyweightTest {

    private final RtpHeaderFlyweight rtp = new RtpHeaderFlyweight();

    /**
     * Every field of RFC 3550 §5.1 and §5.3.1 set at once, byte by byte from the diagram: V=2, P=1, X=1,
     * CC=2, M=1, PT=111, then two CSRCs, a one-byte-form extension of one word, 5 payload bytes and 3
     * padding bytes whose last one counts them (§5.1 "P").
     */
    @Test
    void readsEveryFieldOfAHandBuiltPacket() {
        ByteBuf buf = hex("" +
                "b2" + "ef" + "fffe" // V=2 P=1 X=1 CC=2 | M=1 PT=111 | seq 65534
                + "deadbeef" // timestamp
                + "11223344" // SSRC
                + "aaaaaaaa" + "bbbbbbbb" // CSRC list
                + "bede" + "0001" // one-byte form, 1 word
                + "107f0000" // ID 1, L=0 (1 byte: 0x7f), two padding bytes
                + "0102030405" // payload
                + "000003"); // padding, count 3
        try {
            rtp.wrap(buf);
            assertThat(rtp.isValid()).isTrue();
            assertThat(rtp.version()).isEqualTo(2);
            assertThat(rtp.padding()).isTrue();
            assertThat(rtp.extension()).isTrue();
            assertThat(rtp.csrcCount()).isEqualTo(2);
            assertThat(rtp.marker()).isTrue();
            assertThat(rtp.payloadType()).isEqualTo(111);
            assertThat(rtp.sequenceNumber()).isEqualTo(65534);
            assertThat(rtp.timestamp()).isEqualTo(0xdeadbeefL);
            assertThat(rtp.ssrc()).isEqualTo(0x11223344);
            assertThat(rtp.csrc(0)).isEqualTo(0xaaaaaaaa);
            assertThat(rtp.csrc(1)).isEqualTo(0xbbbbbbbb);
            assertThat(rtp.extensionHeaderOffset()).isEqualTo(20);
            assertThat(rtp.extensionProfile()).isEqualTo(0xBEDE);
            assertThat(rtp.extensionDataOffset()).isEqualTo(24);
            assertThat(rtp.extensionDataLength()).isEqualTo(4);
            assertThat(rtp.headerLength()).isEqualTo(28);
            assertThat(rtp.payloadOffset()).isEqualTo(28);
            assertThat(rtp.paddingLength()).isEqualTo(3);
            assertThat(rtp.payloadLength()).isEqualTo(5);
            assertThat(ByteBufUtil.hexDump(buf, rtp.payloadOffset(), rtp.payloadLength())).isEqualTo("0102030405");
        } finally {
            buf.release();
        }
    }

    /** pion/rtp packet_test.go TestBasic: M=1, PT 96, extension profile 1 with one word, 5 payload bytes. */
    @Test
    void readsPionsBasicVector() {
        ByteBuf buf = hex("90e0698fd9c293da1c64278200010001ffffffff9836be889e");
        try {
            rtp.wrap(buf);
            assertThat(rtp.isValid()).isTrue();
            assertThat(rtp.marker()).isTrue();
            assertThat(rtp.extension()).isTrue();
            assertThat(rtp.extensionProfile()).isEqualTo(1);
            assertThat(rtp.payloadType()).isEqualTo(96);
            assertThat(rtp.sequenceNumber()).isEqualTo(27023);
            assertThat(rtp.timestamp()).isEqualTo(3653407706L);
            assertThat(rtp.ssrc()).isEqualTo(476325762);
            assertThat(rtp.payloadOffset()).isEqualTo(20);
            assertThat(rtp.payloadLength()).isEqualTo(5);
        } finally {
            buf.release();
        }
    }

    /**
     * A Chrome video header as Wireshark dissects it (olivermichel/webrtc-analysis test/include/data.h,
     * rtp_pkt1): PT 45, sequence 6751, timestamp 3557360969, SSRC 0xf7b16e83, profile 0xbede, length 3.
     */
    @Test
    void readsAChromeHeaderAsWiresharkDoes() {
        ByteBuf buf = hex(RtpCaptures.CHROME_ONE_BYTE_SHORT);
        try {
            rtp.wrap(buf);
            assertThat(rtp.isValid()).isTrue();
            assertThat(rtp.padding()).isFalse();
            assertThat(rtp.extension()).isTrue();
            assertThat(rtp.csrcCount()).isZero();
            assertThat(rtp.marker()).isFalse();
            assertThat(rtp.payloadType()).isEqualTo(45);
            assertThat(rtp.sequenceNumber()).isEqualTo(6751);
            assertThat(rtp.timestamp()).isEqualTo(3557360969L);
            assertThat(rtp.ssrc()).isEqualTo(0xf7b16e83);
            assertThat(rtp.extensionProfile()).isEqualTo(0xbede);
            assertThat(rtp.extensionDataLength()).isEqualTo(12);
            assertThat(rtp.headerLength()).isEqualTo(28);
            assertThat(rtp.payloadLength()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void writesTheFixedHeaderAndEveryFieldRoundTrips() {
        ByteBuf buf = Unpooled.buffer(64);
        try {
            buf.writeZero(3); // not at index 0, to prove absolute offsets
            int start = buf.writerIndex();
            assertThat(RtpHeaderFlyweight.writeFixedHeader(buf, true, 111, 65535, 0xFFFFFFFFL, 0x01020304))
                    .isEqualTo(12);
            assertThat(ByteBufUtil.hexDump(buf, start, 12)).isEqualTo("80efffffffffffff01020304");
            buf.writeZero(8); // room for two CSRCs, then payload
            buf.writeBytes(new byte[] {9, 9});
            rtp.wrap(buf, start, buf.writerIndex() - start);
            rtp.csrcCount(2).csrc(0, 7).csrc(1, -1).marker(false).payloadType(96).sequenceNumber(0x1234)
                    .timestamp(3_000_000_000L).ssrc(-2);
            assertThat(rtp.isValid()).isTrue();
            assertThat(rtp.marker()).isFalse();
            assertThat(rtp.payloadType()).isEqualTo(96);
            assertThat(rtp.sequenceNumber()).isEqualTo(0x1234);
            assertThat(rtp.timestamp()).isEqualTo(3_000_000_000L);
            assertThat(rtp.ssrc()).isEqualTo(-2);
            assertThat(rtp.csrc(0)).isEqualTo(7);
            assertThat(rtp.csrc(1)).isEqualTo(-1);
            assertThat(rtp.payloadLength()).isEqualTo(2);
            assertThat(ByteBufUtil.hexDump(buf, start, 12)).isEqualTo("82601234b2d05e00fffffffe");
            rtp.padding(true).extension(true).version(1);
            assertThat(rtp.padding()).isTrue();
            assertThat(rtp.extension()).isTrue();
            assertThat(rtp.version()).isEqualTo(1);
            assertThat(rtp.csrcCount()).isEqualTo(2);
            assertThat(buf.readerIndex()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void refusesMalformedPackets() {
        // Shorter than the fixed header.
        assertInvalid("80600001000000000000");
        // Version 1.
        assertInvalid("40600001000000000000000100");
        // CC=15 promises 60 bytes of CSRCs that are not there.
        assertInvalid("8f600001" + "00000000" + "00000001" + "0000000000000000");
        // X set but no extension header (pion TestExtension missingExtensionPkt).
        assertInvalid("9060698fd9c293da1c642782");
        // Extension length 0x9999 words runs past the end (pion TestExtension invalidExtensionLengthPkt).
        assertInvalid("9060698fd9c293da1c64278299999999");
        // P set with a padding count of 0 (RFC 3550 §5.1: the count includes itself).
        assertInvalid("a0600001" + "00000000" + "00000001" + "010200");
        // P set with a count reaching into the header.
        assertInvalid("a0600001" + "00000000" + "00000001" + "0102ff");
        // P set with the count covering exactly the payload is fine.
        ByteBuf ok = hex("a0600001" + "00000000" + "00000001" + "010203");
        try {
            assertThat(rtp.wrap(ok).isValid()).isTrue();
            assertThat(rtp.payloadLength()).isZero();
            // A window longer than the buffer is refused, not read out of bounds.
            assertThat(rtp.wrap(ok, 0, 100).isValid()).isFalse();
            assertThat(rtp.wrap(ok, 2, 13).isValid()).isFalse();
        } finally {
            ok.release();
        }
        assertThat(new RtpHeaderFlyweight().isValid()).isFalse();
    }

    @Test
    void rejectsOutOfRangeWrites() {
        ByteBuf buf = hex("80600001" + "00000000" + "00000001");
        try {
            rtp.wrap(buf);
            assertThatThrownBy(() -> rtp.csrc(0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> rtp.payloadType(128)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> rtp.csrcCount(16)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            buf.release();
        }
    }

    private void assertInvalid(String hex) {
        ByteBuf buf = hex(hex);
        try {
            assertThat(rtp.wrap(buf).isValid()).as(hex).isFalse();
        } finally {
            buf.release();
        }
    }

    static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }
}
