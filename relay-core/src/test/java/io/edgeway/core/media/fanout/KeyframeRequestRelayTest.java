package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.sdp.ForwardedTrack;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyframeRequestRelay}: PLI/FIR reach the publisher of their stream, throttled per stream.
 */
class KeyframeRequestRelayTest extends RoomTestBase {

    @Test
    void aPliFromASubscriberReachesThePublisherOfItsMediaSsrcOnly() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 100)));
        channel.pipeline().fireChannelReadComplete();
        drainOutbound();

        byte[] pli = PLI_FROM_B;
        receive(b.address, b.protectRtcp(pli));
        channel.pipeline().fireChannelReadComplete();

        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(out.keySet()).containsExactly(a.address);
        assertThat(a.unprotectRtcp(out.get(a.address))).isEqualTo(pli);
        assertThat(room.count(FanoutCounter.RTCP_FEEDBACK_FORWARDED)).isEqualTo(1);
    }

    /** Keyframe requests are throttled per stream: one keyframe answers every subscriber that asked. */
    @Test
    void keyframeRequestsForOneStreamReachItsPublisherAtMostOncePerInterval() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser c = join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(room.registerSsrc(a.member, SSRC_A)).isTrue();
        byte[] fromB = PLI_FROM_B;
        byte[] fromC = PLI_FROM_C;

        receive(b.address, b.protectRtcp(fromB));
        receive(c.address, c.protectRtcp(fromC));
        channel.pipeline().fireChannelReadComplete();
        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(out.keySet()).containsExactly(a.address);
        assertThat(a.unprotectRtcp(out.get(a.address))).isEqualTo(fromB);
        assertThat(room.count(FanoutCounter.RTCP_FEEDBACK_THROTTLED)).isEqualTo(1);

        clock.advance(Duration.ofNanos(KeyframeRequestRelay.INTERVAL_NANOS));
        receive(c.address, c.protectRtcp(fromC));
        channel.pipeline().fireChannelReadComplete();
        out = drainOutbound();
        assertThat(a.unprotectRtcp(out.get(a.address))).isEqualTo(fromC);
        assertThat(room.count(FanoutCounter.RTCP_FEEDBACK_FORWARDED)).isEqualTo(2);
    }

    /**
     * A subscriber whose first copy of a stream left after the stream's last keyframe request asks past
     * the interval once: the keyframe answering that request may have gone before it was there.
     */
    @Test
    void aNewcomersKeyframeRequestPassesTheThrottleOnce() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        byte[] fromB = PLI_FROM_B;
        byte[] fromC = PLI_FROM_C;
        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 100)));
        channel.pipeline().fireChannelReadComplete();
        drainOutbound();
        receive(b.address, b.protectRtcp(fromB));
        channel.pipeline().fireChannelReadComplete();
        assertThat(a.unprotectRtcp(drainOutbound().get(a.address))).isEqualTo(fromB);

        clock.advance(Duration.ofMillis(10));
        Browser c = join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        receive(a.address, a.protectRtp(rtp(SSRC_A, 2, 3100)));
        channel.pipeline().fireChannelReadComplete();
        assertThat(drainOutbound().keySet()).containsExactlyInAnyOrder(b.address, c.address);
        receive(c.address, c.protectRtcp(fromC));
        channel.pipeline().fireChannelReadComplete();
        assertThat(a.unprotectRtcp(drainOutbound().get(a.address))).isEqualTo(fromC);
        assertThat(room.count(FanoutCounter.RTCP_FEEDBACK_FORWARDED)).isEqualTo(2);

        // Within the interval again, and nobody new: the newcomer's second ask and b's are held back.
        receive(c.address, c.protectRtcp(fromC));
        receive(b.address, b.protectRtcp(fromB));
        channel.pipeline().fireChannelReadComplete();
        assertThat(drainOutbound()).doesNotContainKey(a.address);
        assertThat(room.count(FanoutCounter.RTCP_FEEDBACK_THROTTLED)).isEqualTo(2);
    }

    @Test
    void aFirIsForwardedByItsFirstEntryAndAReceiverReportIsConsumed() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(room.registerSsrc(a.member, SSRC_A)).isTrue();

        // RFC 3550 §6.4.2: an RR with no report blocks, sender SSRC only.
        byte[] rr = {(byte) 0x80, (byte) 201, 0, 1, 0x0B, 0x0B, 0x0B, 0x0B};
        receive(b.address, b.protectRtcp(rr));
        // RFC 5104 §4.3.1: FMT=4, media source SSRC 0, one FCI entry (SSRC, seq nr, reserved).
        byte[] fir = {(byte) 0x84, (byte) 206, 0, 4, 0x0B, 0x0B, 0x0B, 0x0B, 0, 0, 0, 0,
                0x0A, 0x0A, 0x0A, 0x0A, 5, 0, 0, 0};
        receive(b.address, b.protectRtcp(fir));
        channel.pipeline().fireChannelReadComplete();

        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(out.keySet()).containsExactly(a.address);
        assertThat(a.unprotectRtcp(out.get(a.address))).isEqualTo(fir);
        assertThat(room.count(FanoutCounter.RTCP_CONSUMED)).isEqualTo(1);
        assertThat(room.count(FanoutCounter.RTCP_FEEDBACK_FORWARDED)).isEqualTo(1);
    }

    @Test
    void aPliForAnSsrcNobodyPublishesAndATamperedRtcpAreCounted() {
        join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);

        byte[] pli = {(byte) 0x81, (byte) 206, 0, 2, 0x0B, 0x0B, 0x0B, 0x0B, 0x0C, 0x0C, 0x0C, 0x0C};
        receive(b.address, b.protectRtcp(pli));
        byte[] tampered = b.protectRtcp(pli);
        tampered[9] ^= 0x40;
        receive(b.address, tampered);
        channel.pipeline().fireChannelReadComplete();

        assertThat(drainOutbound()).isEmpty();
        assertThat(room.count(FanoutCounter.RTCP_UNKNOWN_MEDIA_SSRC)).isEqualTo(1);
        assertThat(room.count(FanoutCounter.RTCP_UNPROTECT_FAILED)).isEqualTo(1);
    }

    /** A keyframe request for a stream its sender was never offered is not the publisher's business. */
    @Test
    void aKeyframeRequestForAStreamTheSenderHasNotAgreedToIsNotForwarded() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        List<ForwardedTrack> tracks = Negotiations.publish(a.member, "chromium-offer.sdp");
        Negotiations.subscribe(b.member, "firefox-offer.sdp", tracks.subList(0, 1));
        int video = (int) tracks.get(1).ssrc();
        assertThat(room.registerSsrc(a.member, video)).isTrue();

        receive(b.address, b.protectRtcp(ByteBufUtil.decodeHexDump("81ce0002" + "0b0b0b0b"
                + String.format("%08x", video))));
        channel.pipeline().fireChannelReadComplete();

        assertThat(drainOutbound()).isEmpty();
        assertThat(room.count(FanoutCounter.RTCP_UNKNOWN_MEDIA_SSRC)).isEqualTo(1);
    }
}
