package io.edgeway.core.media.rtp;

import static io.edgeway.core.media.rtp.RtpHeaderFlyweightTest.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;

class TransportWideSequenceTest {

    private final RtpHeaderFlyweight rtp = new RtpHeaderFlyweight();
    private final RtpHeaderExtensions ext = new RtpHeaderExtensions();

    /**
     * draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: ID, L=1, 16-bit sequence number. In the
     * Chrome captures the 2-byte element with ID 4 reads 0x009b (155) in the packet with RTP sequence
     * 6751 and 0x0004 in the one with 6612: it advanced further than the stream's own sequence, as a
     * transport-wide counter shared with other streams does.
     */
    @Test
    void readsTheTwoByteCounterFromChromeCaptures() {
        ByteBuf later = hex(RtpCaptures.CHROME_ONE_BYTE_SHORT);
        ByteBuf earlier = hex(RtpCaptures.CHROME_ONE_BYTE_LONG);
        try {
            ext.wrap(rtp.wrap(later));
            assertThat(TransportWideSequence.find(ext, 4)).isEqualTo(155);
            ext.wrap(rtp.wrap(earlier));
            assertThat(TransportWideSequence.find(ext, 4)).isEqualTo(4);
            // A 1-byte element is too short to hold the counter.
            assertThat(TransportWideSequence.find(ext, 9)).isEqualTo(TransportWideSequence.NOT_PRESENT);
            assertThat(TransportWideSequence.find(ext, 5)).isEqualTo(TransportWideSequence.NOT_PRESENT);
        } finally {
            later.release();
            earlier.release();
        }
    }

    /** A subscriber's copy gets the subscriber's own counter; nothing else in the packet moves. */
    @Test
    void rewritesInPlaceForEachSubscriber() {
        ByteBuf buf = hex(RtpCaptures.CHROME_ONE_BYTE_SHORT);
        try {
            String before = ByteBufUtil.hexDump(buf);
            ext.wrap(rtp.wrap(buf));
            assertThat(TransportWideSequence.rewrite(ext, 4, 0xfffe)).isTrue();
            assertThat(TransportWideSequence.find(ext, 4)).isEqualTo(0xfffe);
            assertThat(TransportWideSequence.rewrite(ext, 5, 1)).isFalse();
            String after = ByteBufUtil.hexDump(buf);
            assertThat(after).isEqualTo(before.replace("41009b", "41fffe"));
        } finally {
            buf.release();
        }
    }
}
