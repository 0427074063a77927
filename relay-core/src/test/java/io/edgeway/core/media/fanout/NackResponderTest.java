package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link NackResponder}: NACKs answered from the cache with the bytes first sent, and what the cache
 * lacks asked of the publisher.
 */
class NackResponderTest extends RoomTestBase {

    /**
     * RFC 4585 §6.2.1: the lost packets a subscriber names are sent again from the cache, as the very
     * bytes first sent (same IV, same header, same transport-wide number), across a sequence-number wrap,
     * for both profiles.
     */
    @Test
    void aNackIsAnsweredFromTheCacheWithTheBytesFirstSent() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        Browser c = join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        a.member.extensions(HeaderExtensionMap.of(Map.of(TWCC, 3, MID, 4)));
        b.member.extensions(HeaderExtensionMap.of(Map.of(TWCC, 7)));
        c.member.extensions(HeaderExtensionMap.of(Map.of(TWCC, 2)));

        Map<Integer, byte[]> sentToB = new HashMap<>();
        Map<Integer, byte[]> sentToC = new HashMap<>();
        for (int seq = 65533; seq <= 65538; seq++) {
            byte[] plain = rtp(SSRC_A, seq & 0xffff, 200, "bede0002" + "31" + String.format("%04x", seq & 0xffff)
                    + "4030" + "000000");
            receive(a.address, a.protectRtp(plain));
            channel.pipeline().fireChannelReadComplete();
            Map<InetSocketAddress, byte[]> out = drainOutbound();
            sentToB.put(seq & 0xffff, out.get(b.address));
            sentToC.put(seq & 0xffff, out.get(c.address));
            if (seq != 65535 && seq != 0x10000) { // these two are "lost" on the way to b
                b.unprotectRtp(out.get(b.address));
            }
        }

        // PID 65535, BLP bit 0: 65535 and 0 are lost.
        receive(b.address, b.protectRtcp(nack(SSRC_B, SSRC_A, 65535, 0x0001)));
        receive(c.address, c.protectRtcp(nack(0x0C0C0C0C, SSRC_A, 65534, 0x0000)));
        channel.pipeline().fireChannelReadComplete();

        List<DatagramPacketBytes> out = drainOutboundInOrder();
        assertThat(out).extracting(DatagramPacketBytes::recipient).containsExactly(b.address, b.address, c.address);
        assertThat(out.get(0).bytes()).isEqualTo(sentToB.get(65535));
        assertThat(out.get(1).bytes()).isEqualTo(sentToB.get(0));
        assertThat(out.get(2).bytes()).isEqualTo(sentToC.get(65534));
        assertThat(ByteBufUtil.hexDump(b.unprotectRtp(out.get(0).bytes()), 12, 12))
                .as("b's transport-wide number of the first transmission")
                .isEqualTo("bede0002" + "710002" + "0000000000");
        b.unprotectRtp(out.get(1).bytes());
        assertThat(room.count(FanoutCounter.NACK_RECEIVED)).isEqualTo(2);
        assertThat(room.count(FanoutCounter.RETRANSMITTED)).isEqualTo(3);
        assertThat(room.count(FanoutCounter.RETRANSMIT_MISS)).isZero();
        assertThat(room.count(FanoutCounter.NACK_FORWARDED)).isZero();
        assertThat(room.cachedPackets(SSRC_A)).isEqualTo(6);
    }

    /** A NACK repeated before anything newer was sent gets the same bytes again (GCM included). */
    @Test
    void theLatestPacketNackedTwiceIsSentTwiceAlike() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 100)));
        receive(a.address, a.protectRtp(rtp(SSRC_A, 2, 100)));
        channel.pipeline().fireChannelReadComplete();
        byte[] second = drainOutboundInOrder().get(1).bytes();

        receive(b.address, b.protectRtcp(nack(SSRC_B, SSRC_A, 2, 0)));
        receive(b.address, b.protectRtcp(nack(SSRC_B, SSRC_A, 2, 0)));
        channel.pipeline().fireChannelReadComplete();

        List<DatagramPacketBytes> out = drainOutboundInOrder();
        assertThat(out).hasSize(2).allSatisfy(p -> assertThat(p.bytes()).isEqualTo(second));
        assertThat(room.count(FanoutCounter.RETRANSMITTED)).isEqualTo(2);
    }

    /**
     * Packets lost before they reached the SFU are asked of the publisher, in one NACK from the room's
     * SSRC, once per interval however many subscribers ask; numbers outside the window are not.
     */
    @Test
    void packetsTheCacheLacksAreAskedOfThePublisherOncePerInterval() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        Browser c = join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        for (int seq : new int[] {10, 11, 14}) { // 12 and 13 never arrive
            receive(a.address, a.protectRtp(rtp(SSRC_A, seq, 100)));
        }
        channel.pipeline().fireChannelReadComplete();
        drainOutboundInOrder();

        // b: 11 (cached), 12, 13 (lost upstream); c: 12 and 5000 (never sent by a).
        receive(b.address, b.protectRtcp(nack(SSRC_B, SSRC_A, 11, 0b11)));
        receive(c.address, c.protectRtcp(nack(0x0C0C0C0C, SSRC_A, 12, 0)));
        receive(c.address, c.protectRtcp(nack(0x0C0C0C0C, SSRC_A, 5000, 0)));
        channel.pipeline().fireChannelReadComplete();

        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(out.keySet()).containsExactlyInAnyOrder(a.address, b.address);
        // RFC 4585 §6.2.1: FMT 1, PT 205, length 3; sender = the room's SSRC; media = a's; PID 12, BLP bit 0.
        assertThat(ByteBufUtil.hexDump(a.unprotectRtcp(out.get(a.address))))
                .isEqualTo("81cd0003" + String.format("%08x", room.sfuSsrc()) + "0a0a0a0a" + "000c" + "0001");
        assertThat(room.count(FanoutCounter.NACK_FORWARDED)).isEqualTo(1);
        assertThat(room.count(FanoutCounter.RETRANSMITTED)).isEqualTo(1);
        assertThat(room.count(FanoutCounter.RETRANSMIT_MISS)).isEqualTo(4);

        clock.advance(Duration.ofMillis(50));
        receive(c.address, c.protectRtcp(nack(0x0C0C0C0C, SSRC_A, 12, 0)));
        channel.pipeline().fireChannelReadComplete();
        assertThat(ByteBufUtil.hexDump(a.unprotectRtcp(drainOutbound().get(a.address))))
                .as("asked again after the interval").endsWith("000c" + "0000");
        assertThat(room.count(FanoutCounter.NACK_FORWARDED)).isEqualTo(2);
    }

    @Test
    void aMemberThatJoinedLaterGetsANackedPacketAsAFirstTransmission() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        byte[] two = rtp(SSRC_A, 2, 100);
        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 100)));
        receive(a.address, a.protectRtp(two));
        channel.pipeline().fireChannelReadComplete();
        drainOutboundInOrder();
        Browser c = join("c", 3, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);

        receive(c.address, c.protectRtcp(nack(0x0C0C0C0C, SSRC_A, 2, 0)));
        byte[] three = rtp(SSRC_A, 3, 100);
        receive(a.address, a.protectRtp(three));
        channel.pipeline().fireChannelReadComplete();

        List<DatagramPacketBytes> out = drainOutboundInOrder();
        assertThat(out).hasSize(3);
        assertThat(out.get(0).recipient()).isEqualTo(c.address);
        assertThat(c.unprotectRtp(out.get(0).bytes())).isEqualTo(two);
        assertThat(room.count(FanoutCounter.RETRANSMITTED)).isEqualTo(1);
        byte[] threeAtC = out.get(1).recipient().equals(c.address) ? out.get(1).bytes() : out.get(2).bytes();
        assertThat(c.unprotectRtp(threeAtC)).isEqualTo(three);
    }

    /**
     * After a renegotiation changed the subscriber's IDs, the first copy can no longer be rebuilt: the
     * index it used is not protected again with another header, and the NACK counts as a miss.
     */
    @Test
    void aNewMapMeansPacketsSentUnderTheOldOneAreNotSentAgain() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        a.member.extensions(HeaderExtensionMap.of(Map.of(TWCC, 3)));
        b.member.extensions(HeaderExtensionMap.of(Map.of(TWCC, 7)));
        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 100, "bede0001" + "310001" + "00")));
        channel.pipeline().fireChannelReadComplete();
        drainOutbound();

        b.member.extensions(HeaderExtensionMap.of(Map.of(TWCC, 5)));
        receive(b.address, b.protectRtcp(nack(SSRC_B, SSRC_A, 1, 0)));
        channel.pipeline().fireChannelReadComplete();

        assertThat(drainOutbound()).isEmpty();
        assertThat(room.count(FanoutCounter.RETRANSMIT_MISS)).isEqualTo(1);
        assertThat(room.count(FanoutCounter.RETRANSMITTED)).isZero();
    }
}
