package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.port.MediaPortCounter;
import io.edgeway.core.media.port.ParticipantTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The room itself: membership, the SSRC routing table and the forward loop (decrypt once, one copy per
 * subscriber, drops counted), on the harness of {@link RoomTestBase}.
 */
class MediaRoomTest extends RoomTestBase {

    @Test
    void rtpFromOnePublisherReachesEveryOtherParticipantAndDecryptsWithTheirKeys() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        Browser c = join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);

        for (int seq = 65534; seq <= 65537; seq++) { // across a sequence-number wrap
            byte[] plain = rtp(SSRC_A, seq & 0xffff, 300);
            receive(a.address, a.protectRtp(plain));
            channel.pipeline().fireChannelReadComplete();

            Map<InetSocketAddress, byte[]> out = drainOutbound();
            assertThat(out.keySet()).containsExactlyInAnyOrder(b.address, c.address);
            assertThat(b.unprotectRtp(out.get(b.address))).isEqualTo(plain);
            assertThat(c.unprotectRtp(out.get(c.address))).isEqualTo(plain);
        }
        assertThat(room.count(FanoutCounter.RTP_FORWARDED)).isEqualTo(8);
        assertThat(room.publisherOf(SSRC_A)).isSameAs(a.member);
        assertThat(port.count(MediaPortCounter.MEDIA_DELIVERED)).isEqualTo(4);
    }

    @Test
    void copiesAreQueuedDuringTheReadBatchAndFlushedOnceAtItsEnd() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);

        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 100)));
        assertThat(channel.outboundMessages()).isEmpty();
        channel.pipeline().fireChannelReadComplete();
        assertThat(drainOutbound()).hasSize(1);
    }

    @Test
    void aTamperedPacketReachesNobodyAndIsCounted() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        join("c", 3, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);

        byte[] wire = a.protectRtp(rtp(SSRC_A, 10, 200));
        wire[40] ^= 0x01;
        receive(a.address, wire);
        channel.pipeline().fireChannelReadComplete();

        assertThat(drainOutbound()).isEmpty();
        assertThat(room.count(FanoutCounter.RTP_UNPROTECT_FAILED)).isEqualTo(1);
        assertThat(room.count(FanoutCounter.RTP_FORWARDED)).isZero();
        assertThat(room.publisherOf(SSRC_A)).as("a forged packet claims no SSRC").isNull();
        assertThat(port.count(MediaPortCounter.MEDIA_NOT_HANDLED)).isEqualTo(1);
    }

    @Test
    void rtpFromAParticipantAloneInTheRoomGoesNowhere() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);

        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 100)));
        channel.pipeline().fireChannelReadComplete();

        assertThat(drainOutbound()).isEmpty();
        assertThat(room.count(FanoutCounter.RTP_NO_SUBSCRIBER)).isEqualTo(1);
    }

    @Test
    void anSsrcPublishedByAnotherParticipantIsNotForwarded() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(room.registerSsrc(a.member, SSRC_A)).isTrue();

        // b's own keys, so it authenticates, but the stream belongs to a.
        receive(b.address, b.protectRtp(rtp(SSRC_A, 1, 100)));
        channel.pipeline().fireChannelReadComplete();

        assertThat(drainOutbound()).isEmpty();
        assertThat(room.count(FanoutCounter.RTP_SSRC_CONFLICT)).isEqualTo(1);
        assertThat(room.registerSsrc(b.member, SSRC_A)).isFalse();
    }

    /** A room that takes only signalled streams: sending is not publishing. */
    @Test
    void anUnsignalledSsrcReachesNobodyWhenTheRoomRequiresSignalling() {
        room.requireSignalledSsrcs();
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);

        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 100)));
        channel.pipeline().fireChannelReadComplete();
        assertThat(drainOutbound()).isEmpty();
        assertThat(room.count(FanoutCounter.RTP_UNSIGNALLED_SSRC)).isEqualTo(1);
        assertThat(room.publisherOf(SSRC_A)).isNull();

        assertThat(room.registerSsrc(a.member, SSRC_A)).isTrue();
        byte[] plain = rtp(SSRC_A, 2, 100);
        receive(a.address, a.protectRtp(plain));
        channel.pipeline().fireChannelReadComplete();
        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(out.keySet()).containsExactly(b.address);
        assertThat(b.unprotectRtp(out.get(b.address))).isEqualTo(plain);
    }

    @Test
    void aSubscriberWithoutASelectedPairCostsOneCountedCopy() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        ParticipantTransport pending = port.newTransport("pending", CertificateFingerprint.sha256(SERVER), new Quiet());
        fanout.join(room, pending, keys(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80));

        byte[] plain = rtp(SSRC_A, 1, 100);
        receive(a.address, a.protectRtp(plain));
        channel.pipeline().fireChannelReadComplete();

        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(out.keySet()).containsExactly(b.address);
        assertThat(b.unprotectRtp(out.get(b.address))).isEqualTo(plain);
        assertThat(room.count(FanoutCounter.SEND_FAILED)).isEqualTo(1);
    }

    @Test
    void mediaFromATransportThatHasNotJoinedOrHasLeftIsNotHandled() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        fanout.leave(a.member.transport());
        fanout.leave(a.member.transport());

        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 100)));
        channel.pipeline().fireChannelReadComplete();

        assertThat(drainOutbound()).isEmpty();
        assertThat(fanout.notJoined()).isEqualTo(1);
        assertThat(room.memberCount()).isEqualTo(1);
        assertThat(port.count(MediaPortCounter.MEDIA_NOT_HANDLED)).isEqualTo(1);
    }

    @Test
    void aPublisherThatLeavesFreesItsSsrcsAndTheSubscribersContextsForThem() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 100)));
        channel.pipeline().fireChannelReadComplete();
        drainOutbound();
        assertThat(b.member.outbound().rtpContextCount()).isEqualTo(1);

        fanout.leave(a.member.transport());

        assertThat(room.publisherOf(SSRC_A)).isNull();
        assertThat(b.member.outbound().rtpContextCount()).isZero();
        assertThat(room.registerSsrc(b.member, SSRC_A)).isTrue();
    }

    @Test
    void aPublisherThatLeavesReturnsItsCachedBuffers() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        for (int seq = 0; seq < RetransmissionCache.CAPACITY + 10; seq++) {
            receive(a.address, a.protectRtp(rtp(SSRC_A, seq, 20)));
        }
        channel.pipeline().fireChannelReadComplete();
        drainOutboundInOrder();
        assertThat(room.cachedPackets(SSRC_A)).isEqualTo(RetransmissionCache.CAPACITY);

        receive(b.address, b.protectRtcp(nack(SSRC_B, SSRC_A, 5, 0)));
        channel.pipeline().fireChannelReadComplete();
        assertThat(drainOutbound()).as("older than the cache: neither sent nor asked for").isEmpty();
        assertThat(room.count(FanoutCounter.RETRANSMIT_MISS)).isEqualTo(1);

        fanout.leave(a.member.transport());
        assertThat(room.cachedPackets(SSRC_A)).isZero();
        assertThat(a.member.hasLeft()).isTrue();
        // A member left behind by a caller that closed the room directly cannot publish again.
        room.close();
        ByteBuf late = Unpooled.wrappedBuffer(b.protectRtp(rtp(SSRC_B, 1, 20)));
        try {
            assertThat(room.onPacket(clock.nanos(), b.member, late)).isFalse();
        } finally {
            late.release();
        }
        assertThat(room.count(FanoutCounter.FROM_NON_MEMBER)).isEqualTo(1);
        assertThat(room.publisherOf(SSRC_B)).isNull();
    }
}
