package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.sdp.SdpParser;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ReceiverReportScheduler}: the SFU's receiver reports toward publishers, and the clock rates
 * their jitter counts in.
 */
class ReceiverReportSchedulerTest extends RoomTestBase {

    /**
     * RFC 3550 §6.4.2: on the media tick each publisher gets one RR from the room's SSRC with a block per
     * SSRC it publishes (A.1/A.3/A.8 figures, LSR/DLSR from its SR) and the room's CNAME; a member that
     * publishes nothing gets none; the next report is due a second later.
     */
    @Test
    void theTickSendsEachPublisherAReceiverReportForItsStreams() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        // 30 kHz, so that the helper's 3000 timestamp units per packet are exactly 100 ms.
        assertThat(room.registerSsrc(a.member, SSRC_A, 30_000)).isTrue();
        for (int seq = 1; seq <= 6; seq++) {
            if (seq != 5) {
                receive(a.address, a.protectRtp(rtp(SSRC_A, seq, 50)));
                channel.pipeline().fireChannelReadComplete();
            }
            clock.advance(Duration.ofMillis(100));
        }
        receive(a.address, a.protectRtcp(ByteBufUtil.decodeHexDump("80c80006" + "0a0a0a0a" + "e4c1f0a2" + "80000000"
                + "00004650" + "00000005" + "000000fa")));
        channel.pipeline().fireChannelReadComplete();
        drainOutboundInOrder();
        clock.advance(Duration.ofMillis(250));

        fanout.onTimeout(clock.nanos());
        channel.flush();

        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(out.keySet()).containsExactly(a.address);
        String sfu = String.format("%08x", room.sfuSsrc());
        // Expected 6, received 5: fraction 256/6 -> 42; DLSR 0.25 s = 16384/65536.
        assertThat(ByteBufUtil.hexDump(a.unprotectRtcp(out.get(a.address)))).isEqualTo("81c90007" + sfu
                + "0a0a0a0a" + "2a000001" + "00000006" + "00000000" + "f0a28000" + "00004000"
                + "81ca0006" + sfu + "0110" + hex(room.sfuCname()) + "0000");
        assertThat(room.count(FanoutCounter.RR_SENT)).isEqualTo(1);

        clock.advance(Duration.ofMillis(100));
        fanout.onTimeout(clock.nanos());
        channel.flush();
        assertThat(drainOutbound()).as("not due yet").isEmpty();
        clock.advance(Duration.ofMillis(900));
        fanout.onTimeout(clock.nanos());
        channel.flush();
        assertThat(drainOutbound().keySet()).containsExactly(a.address);
        assertThat(room.count(FanoutCounter.RR_SENT)).isEqualTo(2);
        assertThat(b.member.published()).isEmpty();
    }

    /** Without a registered clock rate, the payload type's rate from the publisher's SDP is used. */
    @Test
    void theJitterClockComesFromThePublishersPayloadTypes() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        a.member.clockRate(96, 30_000);
        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 50)));
        channel.pipeline().fireChannelReadComplete();
        drainOutboundInOrder();

        assertThat(a.member.published()).singleElement()
                .satisfies(stream -> assertThat(stream.statistics().clockRate()).isEqualTo(30_000));
        assertThat(a.member.clockRate(97)).isZero();
    }

    /** One call takes a negotiation's extension IDs and payload clock rates (here a Chromium answer). */
    @Test
    void negotiatedTakesExtensionsAndClockRatesFromTheAnswer() throws Exception {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        String sdp;
        try (var in = MediaRoomTest.class.getResourceAsStream("/sdp/chromium-answer.sdp")) {
            sdp = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }

        a.member.negotiated(SdpParser.parse(sdp));

        assertThat(a.member.extensions().id(TWCC)).isEqualTo(3);
        assertThat(a.member.extensions().id(MID)).isEqualTo(4);
        assertThat(a.member.clockRate(111)).isEqualTo(48_000);
        assertThat(a.member.clockRate(96)).isEqualTo(90_000);
    }
}
