package io.edgeway.core.media.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import org.junit.jupiter.api.Test;

/** RFC 4571 §2 framing on an {@code EmbeddedChannel}: split, reassembled, fail-closed, and leak-free. */
class Rfc4571FramingTest {

    @Test
    void decodesSeveralFramesFromOneReadAndOneFrameAcrossReads() {
        EmbeddedChannel channel = new EmbeddedChannel(new Rfc4571FrameDecoder());
        ByteBuf first = Unpooled.wrappedBuffer(new byte[] {0, 2, 1, 2, 0, 3, 7, 8});
        ByteBuf second = Unpooled.wrappedBuffer(new byte[] {9, 0, 1});
        ByteBuf third = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80});
        channel.writeInbound(first);
        assertFrame(channel.readInbound(), "0102");
        assertThat((Object) channel.readInbound()).as("the second frame is incomplete").isNull();
        channel.writeInbound(second);
        assertFrame(channel.readInbound(), "070809");
        channel.writeInbound(third);
        assertFrame(channel.readInbound(), "80");
        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
        assertThat(third.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anEmptyFrameOrOneOverTheLimitFailsTheStream() {
        EmbeddedChannel empty = new EmbeddedChannel(new Rfc4571FrameDecoder());
        assertThatThrownBy(() -> empty.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 5})))
                .isInstanceOf(DecoderException.class);
        assertThat((Object) empty.readInbound()).isNull();
        empty.finishAndReleaseAll();

        EmbeddedChannel limited = new EmbeddedChannel(new Rfc4571FrameDecoder(4));
        assertThatThrownBy(() -> limited.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 5, 1, 2, 3, 4, 5})))
                .isInstanceOf(DecoderException.class);
        limited.finishAndReleaseAll();
        assertThatThrownBy(() -> new Rfc4571FrameDecoder(65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodesTheLengthThenThePacketWithoutCopying() {
        EmbeddedChannel channel = new EmbeddedChannel(Rfc4571FrameEncoder.INSTANCE);
        ByteBuf packet = Unpooled.wrappedBuffer(new byte[] {0, 1, 0, 0});
        channel.writeOutbound(packet);
        ByteBuf header = channel.readOutbound();
        ByteBuf body = channel.readOutbound();
        try {
            assertThat(ByteBufUtil.hexDump(header)).isEqualTo("0004");
            assertThat(body).isSameAs(packet);
        } finally {
            header.release();
            body.release();
        }
        assertThat(packet.refCnt()).isZero();
        assertThatThrownBy(() -> channel.writeOutbound(Unpooled.buffer(0))).isInstanceOf(EncoderException.class);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aFrameOfTheMaximumLengthRoundTrips() {
        EmbeddedChannel encoder = new EmbeddedChannel(Rfc4571FrameEncoder.INSTANCE);
        EmbeddedChannel decoder = new EmbeddedChannel(new Rfc4571FrameDecoder());
        byte[] bytes = new byte[Rfc4571FrameDecoder.MAX_FRAME_LENGTH];
        bytes[0] = (byte) 0x80;
        bytes[bytes.length - 1] = 42;
        encoder.writeOutbound(Unpooled.wrappedBuffer(bytes));
        decoder.writeInbound((Object) encoder.readOutbound());
        decoder.writeInbound((Object) encoder.readOutbound());
        ByteBuf frame = decoder.readInbound();
        try {
            assertThat(ByteBufUtil.getBytes(frame)).isEqualTo(bytes);
        } finally {
            frame.release();
        }
        assertThatThrownBy(() -> encoder.writeOutbound(Unpooled.wrappedBuffer(new byte[bytes.length + 1])))
                .isInstanceOf(EncoderException.class);
        assertThat(encoder.finish()).isFalse();
        assertThat(decoder.finish()).isFalse();
    }

    private static void assertFrame(ByteBuf frame, String hex) {
        try {
            assertThat(ByteBufUtil.hexDump(frame)).isEqualTo(hex);
        } finally {
            frame.release();
        }
    }
}
