package io.edgeway.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ByteBufCopyTest {

    static List<Function<Integer, ByteBuf>> kinds() {
        ByteBufAllocator adaptive = new AdaptiveByteBufAllocator();
        return List.of(
                adaptive::directBuffer,
                PooledByteBufAllocator.DEFAULT::directBuffer,
                Unpooled::buffer,
                n -> adaptive.directBuffer(n + 8).writerIndex(8).slice(8, n).clear());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void appendsTheRangeAfterWhatIsThereAndMovesOnlyTheWriterIndex(Function<Integer, ByteBuf> kind) {
        ByteBuf src = kind.apply(64);
        ByteBuf dst = kind.apply(64);
        try {
            for (int i = 0; i < 40; i++) {
                src.writeByte(i);
            }
            src.readerIndex(3);
            dst.writeShort(0xABCD);

            ByteBufCopy.append(dst, src, 10, 20);

            assertThat(dst.readableBytes()).isEqualTo(22);
            assertThat(dst.getUnsignedShort(0)).isEqualTo(0xABCD);
            for (int i = 0; i < 20; i++) {
                assertThat(dst.getByte(2 + i)).isEqualTo((byte) (10 + i));
            }
            assertThat(src.readerIndex()).isEqualTo(3);
            assertThat(src.writerIndex()).isEqualTo(40);
        } finally {
            src.release();
            dst.release();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void growsTheDestinationWhenNeeded(Function<Integer, ByteBuf> kind) {
        ByteBuf src = kind.apply(256);
        ByteBuf dst = new AdaptiveByteBufAllocator().directBuffer(4);
        try {
            src.writeBytes(new byte[200]).setByte(199, 7);
            ByteBufCopy.append(dst, src, 0, 200);
            assertThat(dst.readableBytes()).isEqualTo(200);
            assertThat(dst.getByte(199)).isEqualTo((byte) 7);
        } finally {
            src.release();
            dst.release();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void refusesARangeOutsideTheSource(Function<Integer, ByteBuf> kind) {
        ByteBuf src = kind.apply(16);
        ByteBuf dst = kind.apply(16);
        try {
            assertThatThrownBy(() -> ByteBufCopy.append(dst, src, src.capacity() - 2, 3))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> ByteBufCopy.append(dst, src, -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            ByteBufCopy.append(dst, src, 0, 0);
            assertThat(ByteBufUtil.hexDump(dst)).isEmpty();
        } finally {
            src.release();
            dst.release();
        }
    }
}
