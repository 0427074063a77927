package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.rtp.ExtensionIdMap;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.rtp.PayloadTypeMap;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.sdp.ExtMap;
import io.edgeway.core.media.sdp.PayloadFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-subscriber rewriting chain of one copy, on Chrome's captured packet (the capture of
 * {@code HeaderExtensionRewriterTest}): its payload type becomes the subscriber's for the codec, then its
 * extensions the subscriber's IDs, in place; and the chain allocates nothing per packet.
 */
class StreamTranslationTest {

    private static final String TWCC = TransportWideSequence.URI;
    /** Chrome's capture with its VP8 payload type (0x2d = 45 here) and a one-byte block: abs-send-time 2, twcc 4, MID 9. */
    private static final String PACKET = "90ad19d4d405e797f7b16e83" + "bede0003" + "22ea432b" + "410004" + "9030" + "000000"
            + "cafe";
    private static final HeaderExtensionMap PUBLISHER = HeaderExtensionMap.of(Map.of(ExtMap.ABS_SEND_TIME, 2, TWCC, 4,
            ExtMap.SDES_MID, 9));
    private static final HeaderExtensionMap SUBSCRIBER = HeaderExtensionMap.of(Map.of(ExtMap.ABS_SEND_TIME, 4, TWCC, 7,
            ExtMap.SDES_MID, 3));

    private final HeaderExtensionRewriter rewriter = new HeaderExtensionRewriter();

    private static StreamTranslation translation() {
        PayloadTypeMap payloadTypes = PayloadTypeMap.between(
                List.of(new PayloadFormat(45, "VP8", 90000, 0, null, List.of())),
                List.of(new PayloadFormat(120, "VP8", 90000, 0, "max-fs=12288", List.of())));
        return StreamTranslation.of(null, payloadTypes,
                ExtensionIdMap.between(PUBLISHER, SUBSCRIBER, HeaderExtensionRewriter.WITHHELD), SUBSCRIBER.id(TWCC), 0);
    }

    @Test
    void theCopyCarriesTheSubscribersPayloadTypeAndExtensionIdsKeepingTheMarker() {
        StreamTranslation translation = translation();
        ByteBuf copy = Unpooled.buffer().writeBytes(ByteBufUtil.decodeHexDump(PACKET));
        try {
            assertThat(translation.subscribed()).isTrue();
            assertThat(translation.carries(copy)).isTrue();

            assertThat(translation.rewrite(copy, rewriter, 0x0102)).isTrue();

            assertThat(ByteBufUtil.hexDump(copy)).isEqualTo("90f819d4d405e797f7b16e83" // marker kept, PT 45 -> 120
                    + "bede0003" + "42ea432b" + "710102" + "0000" + "000000" + "cafe");
        } finally {
            copy.release();
        }
    }

    @Test
    void aCodecTheSubscriberDidNotNegotiateIsNotCarried() {
        ByteBuf other = Unpooled.buffer().writeBytes(ByteBufUtil.decodeHexDump(PACKET));
        try {
            other.setByte(1, 0x80 | 96);
            assertThat(translation().carries(other)).isFalse();
            assertThat(StreamTranslation.notSubscribed(null, 0).subscribed()).isFalse();
        } finally {
            other.release();
        }
    }

    /** The hot path: rewriting one copy (payload type, extensions, transport-wide number) allocates nothing. */
    @Test
    void rewritingACopyAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StreamTranslation translation = translation();
        byte[] original = ByteBufUtil.decodeHexDump(PACKET);
        ByteBuf copy = Unpooled.buffer(original.length);
        try {
            for (int i = 0; i < 20_000; i++) {
                rewriteOnce(translation, copy, original, i); // warm up: the interpreter's and JIT's allocations
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            int stamped = 0;
            for (int i = 0; i < 100_000; i++) {
                stamped += rewriteOnce(translation, copy, original, i) ? 1 : 0;
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(stamped).isEqualTo(100_000);
            assertThat(allocated).as("bytes allocated over 100 000 rewritten copies").isLessThan(100_000);
        } finally {
            copy.release();
        }
    }

    private boolean rewriteOnce(StreamTranslation translation, ByteBuf copy, byte[] original, int sequence) {
        copy.clear().writeBytes(original);
        return translation.carries(copy) && translation.rewrite(copy, rewriter, sequence & 0xFFFF);
    }
}
