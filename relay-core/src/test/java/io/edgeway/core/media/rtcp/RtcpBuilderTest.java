package io.edgeway.core.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RtcpBuilderTest {

    /**
     * The compound Edgeway sends toward a publisher, built with every builder in a row, then read back
     * with the iterator and the flyweights (RFC 3550 §6.1: RR first, then SDES CNAME, then the rest).
     */
    @Test
    void buildsACompoundThatReadsBack() {
        ByteBuf out = Unpooled.buffer(256);
        try {
            int rr = out.writerIndex();
            int total = RtcpBuilder.buildReceiverReport(out, 0xED6E);
            total += RtcpBuilder.addReportBlock(out, rr, 0xA0D10, 26, 3, 70_000, 12, 0xa2a952a5L, 6554);
            total += RtcpBuilder.buildSdesCname(out, 0xED6E, "edgeway");
            total += RtcpBuilder.buildPli(out, 0xED6E, 0x71DE0);
            total += RtcpBuilder.buildFir(out, 0xED6E, 0x71DE0, 3);
            total += RtcpBuilder.buildNack(out, 0xED6E, 0x71DE0, new int[] {10, 12}, 0, 2);
            total += RtcpBuilder.buildRemb(out, 0xED6E, 1_500_000, new int[] {0x71DE0, 0xA0D10}, 0, 2);
            total += RtcpBuilder.buildSenderReport(out, 0xED6E, 1L << 32, 90_000, 10, 12_000);
            total += RtcpBuilder.buildBye(out, 0xED6E);
            assertThat(total).isEqualTo(out.readableBytes());

            RtcpCompoundIterator compound = new RtcpCompoundIterator().wrap(out);
            assertThat(compound.isRfc3550Compound()).isTrue();

            ReportBlockFlyweight block = new ReportBlockFlyweight();
            assertThat(compound.next()).isTrue();
            ReceiverReportFlyweight receiverReport = new ReceiverReportFlyweight().wrap(compound);
            assertThat(receiverReport.isValid()).isTrue();
            receiverReport.reportBlock(0, block);
            assertThat(block.ssrc()).isEqualTo(0xA0D10);
            assertThat(block.fractionLost()).isEqualTo(26);
            assertThat(block.cumulativeLost()).isEqualTo(3);
            assertThat(block.extendedHighestSequence()).isEqualTo(70_000);
            assertThat(block.lastSr()).isEqualTo(0xa2a952a5L);

            assertThat(compound.next()).isTrue();
            SdesFlyweight sdes = new SdesFlyweight().wrap(compound);
            assertThat(sdes.isValid()).isTrue();
            assertThat(sdes.nextChunk()).isTrue();
            assertThat(out.toString(sdes.cnameOffset(), sdes.cnameLength(), StandardCharsets.US_ASCII)).isEqualTo("edgeway");

            assertThat(compound.next()).isTrue();
            assertThat(new PliFlyweight().wrap(compound).isValid()).isTrue();

            assertThat(compound.next()).isTrue();
            FirFlyweight fir = new FirFlyweight().wrap(compound);
            assertThat(fir.isValid()).isTrue();
            assertThat(fir.sequenceNumber(fir.indexOf(0x71DE0))).isEqualTo(3);

            assertThat(compound.next()).isTrue();
            NackFlyweight nack = new NackFlyweight().wrap(compound);
            assertThat(nack.isValid()).isTrue();
            assertThat(nack.pid(0)).isEqualTo(10);
            assertThat(nack.blp(0)).isEqualTo(0b10);

            assertThat(compound.next()).isTrue();
            RembFlyweight remb = new RembFlyweight().wrap(compound);
            assertThat(remb.isValid()).isTrue();
            assertThat(remb.bitrate()).isEqualTo(1_500_000);
            assertThat(remb.ssrc(1)).isEqualTo(0xA0D10);

            assertThat(compound.next()).isTrue();
            SenderReportFlyweight sr = new SenderReportFlyweight().wrap(compound);
            assertThat(sr.isValid()).isTrue();
            assertThat(sr.rtpTimestamp()).isEqualTo(90_000);

            assertThat(compound.next()).isTrue();
            assertThat(new ByeFlyweight().wrap(compound).isValid()).isTrue();

            assertThat(compound.next()).isFalse();
            assertThat(compound.error()).isEqualTo(RtcpCompoundError.NONE);
        } finally {
            out.release();
        }
    }

    /** RFC 3550 §6.5: a CNAME copied as bytes is the same packet as one written from text. */
    @Test
    void sdesCnameFromBytesMatchesTheOneFromText() {
        ByteBuf fromText = Unpooled.buffer(32);
        ByteBuf fromBytes = Unpooled.buffer(32);
        ByteBuf source = Unpooled.copiedBuffer("xxnIUAGVpS9r7Xxrw/", StandardCharsets.US_ASCII);
        try {
            int length = RtcpBuilder.buildSdesCname(fromText, 0x1F09E3FA, "nIUAGVpS9r7Xxrw/");
            assertThat(RtcpBuilder.buildSdesCname(fromBytes, 0x1F09E3FA, source, 2, 16)).isEqualTo(length);
            assertThat(RtcpBuilder.sdesCnameLength(16)).isEqualTo(length);
            // 4 header + 4 SSRC + 2 item header + 16 text + END, padded: 28 bytes, length field 6.
            assertThat(length).isEqualTo(28);
            assertThat(fromBytes).isEqualTo(fromText);
            assertThat(ByteBufUtil.hexDump(fromBytes, 0, 10)).isEqualTo("81ca0006" + "1f09e3fa" + "0110");
            assertThat(fromBytes.getByte(26)).isZero();
        } finally {
            fromText.release();
            fromBytes.release();
            source.release();
        }
    }

    @Test
    void headerWriterRefusesImpossibleHeaders() {
        ByteBuf out = Unpooled.buffer(8);
        try {
            assertThatThrownBy(() -> RtcpHeader.write(out, 32, RtcpPacketType.RR, 8))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> RtcpHeader.write(out, 0, RtcpPacketType.RR, 6))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> RtcpHeader.write(out, 0, RtcpPacketType.RR, 0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> RtcpBuilder.buildRemb(out, 1, 1, new int[0], 0, 256))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(out.writerIndex()).isZero();
        } finally {
            out.release();
        }
    }
}
