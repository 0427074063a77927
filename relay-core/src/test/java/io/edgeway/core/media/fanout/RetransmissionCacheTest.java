package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetransmissionCacheTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private final RetransmissionCache cache = new RetransmissionCache();

    @AfterEach
    void release() {
        cache.release();
    }

    @Test
    void keepsTheLastPacketsAcrossASequenceWrapAndForgetsOlderOnes() {
        int first = 65_535 - 100;
        for (int i = 0; i < RetransmissionCache.CAPACITY + 100; i++) {
            put((first + i) & 0xFFFF, i);
        }
        long highest = first + RetransmissionCache.CAPACITY + 99L;
        assertThat(cache.extend((int) highest & 0xFFFF)).isEqualTo(highest);
        assertThat(cache.size()).isEqualTo(RetransmissionCache.CAPACITY);

        ByteBuf newest = cache.get(cache.extend((int) highest & 0xFFFF));
        assertThat(newest.getInt(12)).isEqualTo(RetransmissionCache.CAPACITY + 99);
        ByteBuf wrapped = cache.get(cache.extend(0));
        assertThat(wrapped.getInt(12)).as("the packet just after the wrap").isEqualTo(101);
        assertThat(cache.get(cache.extend(first + 99))).as("pushed out by a newer packet").isNull();
        assertThat(cache.get(cache.extend((int) (highest + 1) & 0xFFFF))).as("not sent yet").isNull();
    }

    @Test
    void aLatePacketFillsItsSlotAndATooOldOneIsNotKept() {
        put(10, 10);
        put(12, 12);
        assertThat(cache.get(cache.extend(11))).isNull();
        put(11, 11);
        assertThat(cache.get(cache.extend(11)).getInt(12)).isEqualTo(11);

        put(12 + RetransmissionCache.CAPACITY, 0);
        ByteBuf ancient = packet(12, 99);
        try {
            assertThat(cache.put(ancient, ALLOC)).isEqualTo(Long.MIN_VALUE);
        } finally {
            ancient.release();
        }
    }

    @Test
    void aMissingPacketIsRequestedOncePerIntervalAndOnlyInsideTheWindow() {
        put(100, 0);
        put(103, 0);
        long missing = cache.extend(101);

        assertThat(cache.shouldRequest(missing, 0)).isTrue();
        assertThat(cache.shouldRequest(missing, RetransmissionCache.REQUEST_INTERVAL_NANOS - 1)).isFalse();
        assertThat(cache.shouldRequest(cache.extend(102), 1)).isTrue();
        assertThat(cache.shouldRequest(missing, RetransmissionCache.REQUEST_INTERVAL_NANOS)).isTrue();
        assertThat(cache.shouldRequest(cache.extend(103), 0)).as("cached").isFalse();
        assertThat(cache.shouldRequest(cache.extend(104), 0)).as("ahead of the publisher").isFalse();
        assertThat(cache.shouldRequest(cache.extend(103 - RetransmissionCache.CAPACITY), 0)).isFalse();
    }

    @Test
    void releaseFreesEveryBufferAndKeepsNothingAfterwards() {
        put(1, 1);
        cache.release();
        assertThat(cache.size()).isZero();
        assertThat(cache.get(cache.extend(1))).isNull();
        ByteBuf late = packet(2, 2);
        try {
            assertThat(cache.put(late, ALLOC)).isEqualTo(Long.MIN_VALUE);
        } finally {
            late.release();
        }
    }

    private void put(int seq, int marker) {
        ByteBuf packet = packet(seq, marker);
        try {
            cache.put(packet, ALLOC);
        } finally {
            packet.release();
        }
    }

    /** A 16-byte RTP packet with {@code marker} as its payload. */
    private static ByteBuf packet(int seq, int marker) {
        ByteBuf packet = ALLOC.heapBuffer(16);
        packet.writeBytes(ByteBufUtil.decodeHexDump("80600000" + "00000000" + "0a0a0a0a"));
        packet.setShort(2, seq);
        packet.writeInt(marker);
        return packet;
    }
}
