package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.sdp.ForwardedTrack;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RtpWriter}: each subscriber's copy carries its own header extension IDs, no MID, its own
 * transport-wide numbers.
 */
class RtpWriterTest extends RoomTestBase {

    @Test
    void copiesCarryTheSubscribersExtensionIdsNoMidAndItsOwnTransportWideNumbers() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        Browser c = join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        a.member.extensions(HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 1, TWCC, 3, MID, 4)));
        b.member.extensions(HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 5, TWCC, 7, MID, 1)));
        c.member.extensions(HeaderExtensionMap.of(Map.of(TWCC, 2, MID, 4)));

        for (int i = 0; i < 3; i++) {
            // audio level 0xaa (ID 1), a's own transport-wide number 0x0500+i (ID 3), MID "0" (ID 4).
            String block = "bede0002" + "10aa" + "31" + String.format("%04x", 0x500 + i) + "4030" + "00";
            byte[] plain = rtp(SSRC_A, 100 + i, 40, block);
            receive(a.address, a.protectRtp(plain));
            channel.pipeline().fireChannelReadComplete();

            Map<InetSocketAddress, byte[]> out = drainOutbound();
            byte[] atB = b.unprotectRtp(out.get(b.address));
            byte[] atC = c.unprotectRtp(out.get(c.address));
            String number = String.format("%04x", i);
            assertThat(ByteBufUtil.hexDump(atB, 12, 12)).isEqualTo("bede0002" + "50aa" + "71" + number + "0000" + "00");
            assertThat(ByteBufUtil.hexDump(atC, 12, 12)).isEqualTo("bede0002" + "0000" + "21" + number + "0000" + "00");
            assertThat(Arrays.copyOfRange(atB, 24, atB.length)).isEqualTo(Arrays.copyOfRange(plain, 24, plain.length));
            assertThat(Arrays.copyOf(atB, 12)).isEqualTo(Arrays.copyOf(plain, 12));
        }

        // b's numbers run on across publishers: c's packet is b's fourth.
        receive(c.address, c.protectRtp(rtp(SSRC_B, 7, 40, "bede0001" + "21fff0" + "00")));
        channel.pipeline().fireChannelReadComplete();
        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(ByteBufUtil.hexDump(b.unprotectRtp(out.get(b.address)), 12, 8))
                .isEqualTo("bede0001" + "710003" + "00");
        assertThat(ByteBufUtil.hexDump(a.unprotectRtp(out.get(a.address)), 12, 8))
                .as("a negotiated transport-wide as ID 3: c's ID 2 becomes a's 3")
                .isEqualTo("bede0001" + "310000" + "00");
    }

    @Test
    void withoutAMapOnEitherSideTheCopyKeepsThePublishersExtensions() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser c = join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        b.member.extensions(HeaderExtensionMap.of(Map.of(TWCC, 7)));
        String block = "bede0002" + "10aa" + "310500" + "4030" + "00";

        // a has no map: neither b (with a map) nor c (without) can translate its IDs.
        byte[] plain = rtp(SSRC_A, 1, 40, block);
        receive(a.address, a.protectRtp(plain));
        channel.pipeline().fireChannelReadComplete();
        Map<InetSocketAddress, byte[]> out = drainOutbound();
        assertThat(b.unprotectRtp(out.get(b.address))).isEqualTo(plain);
        assertThat(c.unprotectRtp(out.get(c.address))).isEqualTo(plain);

        // b publishes with a map; c has none and gets b's packet as sent.
        byte[] fromB = rtp(SSRC_B, 1, 40, "bede0001" + "710009" + "00");
        receive(b.address, b.protectRtp(fromB));
        channel.pipeline().fireChannelReadComplete();
        assertThat(c.unprotectRtp(drainOutbound().get(c.address))).isEqualTo(fromB);
    }

    @Test
    void aNewMapAfterRenegotiationAppliesToTheNextCopy() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        a.member.extensions(HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 1, TWCC, 3)));
        b.member.extensions(HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 5, TWCC, 7)));
        String block = "bede0002" + "10aa" + "310500" + "000000";

        receive(a.address, a.protectRtp(rtp(SSRC_A, 1, 40, block)));
        channel.pipeline().fireChannelReadComplete();
        assertThat(ByteBufUtil.hexDump(b.unprotectRtp(drainOutbound().get(b.address)), 12, 12))
                .isEqualTo("bede0002" + "50aa" + "710000" + "000000");

        b.member.extensions(HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 9, TWCC, 2)));
        receive(a.address, a.protectRtp(rtp(SSRC_A, 2, 40, block)));
        channel.pipeline().fireChannelReadComplete();
        assertThat(ByteBufUtil.hexDump(b.unprotectRtp(drainOutbound().get(b.address)), 12, 12))
                .isEqualTo("bede0002" + "90aa" + "210001" + "000000");
    }

    /**
     * A subscriber described by SDP receives only the SSRCs its negotiation names: until its answer adds a
     * publisher's video, that video reaches it not at all (and a stream's RTX only with RTX negotiated).
     */
    @Test
    void aStreamTheSubscribersNegotiationDoesNotNameNeverReachesIt() {
        Browser p = join("p", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser s = join("s", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        List<ForwardedTrack> tracks = Negotiations.publish(p.member, "chromium-offer.sdp");
        Negotiations.subscribe(s.member, "firefox-offer.sdp", tracks.subList(0, 1));
        byte[] video = rtp((int) tracks.get(1).ssrc(), 1, 40);

        assertThat(receiveBatch(p, video)).isEmpty();
        assertThat(room.count(FanoutCounter.RTP_NOT_SUBSCRIBED)).isEqualTo(1);
        byte[] audio = rtp((int) tracks.get(0).ssrc(), 1, 40);
        audio[1] = 111;
        assertThat(receiveBatch(p, audio)).containsOnlyKeys(s.address);

        Negotiations.subscribe(s.member, "firefox-offer.sdp", tracks);
        Map<InetSocketAddress, byte[]> out = receiveBatch(p, rtp((int) tracks.get(1).ssrc(), 2, 40));
        assertThat(s.unprotectRtp(out.get(s.address))[1]).as("Chromium's VP8 96 as Firefox's 120").isEqualTo((byte) 120);
        assertThat(room.count(FanoutCounter.RTP_FORWARDED)).isEqualTo(2);
    }

    /**
     * A codec the subscriber did not negotiate is not copied (Safari's H.264 toward a Firefox without it);
     * a member never described by SDP still gets every packet as it was sent.
     */
    @Test
    void aCodecTheSubscriberDidNotNegotiateIsNotCopied() {
        Browser p = join("p", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser s = join("s", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser legacy = join("legacy", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        List<ForwardedTrack> tracks = Negotiations.publish(p.member, "safari-offer.sdp");
        Negotiations.subscribe(s.member, "firefox-offer.sdp", tracks);
        byte[] h264 = rtp((int) tracks.get(1).ssrc(), 1, 40);
        h264[1] = 98; // Safari's H.264 42e01f packetization-mode 1, which the SFU accepted

        Map<InetSocketAddress, byte[]> out = receiveBatch(p, h264);

        assertThat(out).containsOnlyKeys(legacy.address);
        assertThat(legacy.unprotectRtp(out.get(legacy.address))).isEqualTo(h264);
        assertThat(room.count(FanoutCounter.RTP_CODEC_NOT_NEGOTIATED)).isEqualTo(1);
    }
}
