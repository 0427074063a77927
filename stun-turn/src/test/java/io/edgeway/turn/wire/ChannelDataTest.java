package io.edgeway.turn.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class ChannelDataTest {

    @Test
    void channelNumberRange() {
        assertThat(ChannelData.isChannelNumber(0x4000)).isTrue();
        assertThat(ChannelData.isChannelNumber(0x4FFF)).isTrue();
        assertThat(ChannelData.isChannelNumber(0x3FFF)).isFalse();
        assertThat(ChannelData.isChannelNumber(0x5000)).isFalse();
        assertThat(ChannelData.isChannelNumber(-1)).isFalse();
    }

    @Test
    void firstByteClassification() {
        ByteBuf buf = Unpooled.buffer(1);
        try {
            for (int b = 0; b < 256; b++) {
                buf.setByte(0, b);
                assertThat(ChannelData.looksLikeChannelData(buf, 0)).as("0x%02x", b).isEqualTo(b >= 0x40 && b <= 0x4F);
            }
        } finally {
            buf.release();
        }
    }

    @Test
    void writeHeaderSetsWithoutMovingIndices() {
        ByteBuf buf = Unpooled.buffer(16);
        try {
            buf.writeZero(2);
            buf.writeBytes(new byte[] {0, 0, 0, 0, 'a', 'b', 'c', 'd', 'e'});
            int writerIndex = buf.writerIndex();
            ChannelData.writeHeader(buf, 2, 0x4001, 5);
            assertThat(buf.writerIndex()).isEqualTo(writerIndex);
            assertThat(buf.readerIndex()).isZero();
            assertThat(ByteBufUtil.hexDump(buf, 2, 4)).isEqualTo("40010005");
            assertThat(ChannelData.looksLikeChannelData(buf, 2)).isTrue();
            assertThat(ChannelData.channelNumber(buf, 2)).isEqualTo(0x4001);
            assertThat(ChannelData.dataLength(buf, 2)).isEqualTo(5);
            assertThat(ChannelData.dataOffset(2)).isEqualTo(6);
            assertThat(ChannelData.frameLength(buf, 2, false)).isEqualTo(9);
            assertThat(ChannelData.frameLength(buf, 2, true)).isEqualTo(12);
            assertThat(ChannelData.isWellFormed(buf, 2, 9)).isTrue();
            assertThat(ChannelData.isWellFormed(buf, 2, 12)).isTrue();
            assertThat(ChannelData.isWellFormed(buf, 2, 8)).isFalse();
            assertThat(ChannelData.isWellFormed(buf, 2, 3)).isFalse();
        } finally {
            buf.release();
        }
    }

    @Test
    void wellFormedNeedsAValidChannel() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {0x50, 0x00, 0x00, 0x00});
        try {
            assertThat(ChannelData.isWellFormed(buf, 0, 4)).isFalse();
            buf.setByte(0, 0x4F);
            buf.setByte(1, 0xFF);
            assertThat(ChannelData.isWellFormed(buf, 0, 4)).isTrue();
            assertThat(ChannelData.frameLength(buf, 0, true)).isEqualTo(4);
        } finally {
            buf.release();
        }
    }

    @Test
    void paddedLength() {
        assertThat(ChannelData.paddedLength(0)).isZero();
        assertThat(ChannelData.paddedLength(1)).isEqualTo(4);
        assertThat(ChannelData.paddedLength(4)).isEqualTo(4);
        assertThat(ChannelData.paddedLength(5)).isEqualTo(8);
        assertThat(ChannelData.paddedLength(65535)).isEqualTo(65536);
    }

    @Test
    void writeHeaderRefusesBadValues() {
        ByteBuf buf = Unpooled.buffer(4);
        try {
            assertThatThrownBy(() -> ChannelData.writeHeader(buf, 0, 0x3FFF, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ChannelData.writeHeader(buf, 0, 0x4000, 0x10000))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            buf.release();
        }
    }
}
