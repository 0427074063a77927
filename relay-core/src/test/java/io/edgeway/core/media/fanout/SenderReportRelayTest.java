package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.sdp.ForwardedTrack;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SenderReportRelay}: a publisher's SR reaches its subscribers without report blocks.
 */
class SenderReportRelayTest extends RoomTestBase {

    /**
     * RFC 3550 §6.4.1: the publisher's SR reaches each subscriber with its sender info unchanged and its
     * report block (about what the publisher receives from us) stripped; the CNAME of its SSRC goes along.
     */
    @Test
    void aPublishersSenderReportReachesEverySubscriberWithoutReportBlocks() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        Browser c = join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(room.registerSsrc(a.member, SSRC_A)).isTrue();

        String senderInfo = "e4c1f0a2" + "80000000" + "00015f90" + "00000064" + "0000fa00";
        String block = "0b0b0b0b" + "05000003" + "00010203" + "00000010" + "a2a952a5" + "00001999";
        String cname = "81ca0006" + "0a0a0a0a" + "0110" + hex("nIUAGVpS9r7Xxrw/") + "0000";
        receive(a.address, a.protectRtcp(ByteBufUtil.decodeHexDump("81c8000c" + "0a0a0a0a" + senderInfo + block
                + cname)));
        channel.pipeline().fireChannelReadComplete();

        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(out.keySet()).containsExactlyInAnyOrder(b.address, c.address);
        String expected = "80c80006" + "0a0a0a0a" + senderInfo + cname;
        assertThat(ByteBufUtil.hexDump(b.unprotectRtcp(out.get(b.address)))).isEqualTo(expected);
        assertThat(ByteBufUtil.hexDump(c.unprotectRtcp(out.get(c.address)))).isEqualTo(expected);
        assertThat(room.count(FanoutCounter.SR_FORWARDED)).isEqualTo(2);
    }

    @Test
    void anSrWithoutSdesGoesAloneAndOneForAnSsrcTheSenderDoesNotPublishGoesNowhere() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(room.registerSsrc(a.member, SSRC_A)).isTrue();
        String senderInfo = "e4c1f0a2" + "80000000" + "00015f90" + "00000064" + "0000fa00";

        receive(a.address, a.protectRtcp(ByteBufUtil.decodeHexDump("80c80006" + "0a0a0a0a" + senderInfo)));
        receive(b.address, b.protectRtcp(ByteBufUtil.decodeHexDump("80c80006" + "0a0a0a0a" + senderInfo)));
        channel.pipeline().fireChannelReadComplete();

        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(out.keySet()).containsExactly(b.address);
        assertThat(ByteBufUtil.hexDump(b.unprotectRtcp(out.get(b.address))))
                .isEqualTo("80c80006" + "0a0a0a0a" + senderInfo);
        assertThat(room.count(FanoutCounter.SR_FORWARDED)).isEqualTo(1);
        assertThat(room.count(FanoutCounter.RTCP_CONSUMED)).as("b's SR for a's SSRC").isEqualTo(1);
    }

    /** RFC 3550 §6.4.1: a report about a stream goes only to a subscriber that agreed to that stream. */
    @Test
    void anSrOfAStreamTheSubscriberHasNotAgreedToGoesNowhere() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        List<ForwardedTrack> tracks = Negotiations.publish(a.member, "chromium-offer.sdp");
        Negotiations.subscribe(b.member, "werift-offer.sdp", tracks);
        String senderInfo = "e4c1f0a2" + "80000000" + "00015f90" + "00000064" + "0000fa00";
        long video = tracks.get(1).ssrc();
        long rtx = tracks.get(1).rtxSsrc();
        for (long ssrc : new long[] {video, rtx}) {
            assertThat(room.registerSsrc(a.member, (int) ssrc)).isTrue();
            receive(a.address, a.protectRtcp(ByteBufUtil.decodeHexDump("80c80006" + String.format("%08x", ssrc)
                    + senderInfo)));
        }
        channel.pipeline().fireChannelReadComplete();

        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(out).containsOnlyKeys(b.address);
        assertThat(ByteBufUtil.hexDump(b.unprotectRtcp(out.get(b.address))))
                .as("werift negotiated no RTX: only the video SR").isEqualTo("80c80006"
                        + String.format("%08x", video) + senderInfo);
        assertThat(room.count(FanoutCounter.SR_FORWARDED)).isEqualTo(1);
    }
}
