package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsRole;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.port.EmbeddedMediaPorts;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.MediaPortCounter;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.port.ParticipantTransportListener;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.sdp.SdpParser;
import io.edgeway.core.media.srtp.SrtpProfile;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.edgeway.core.spi.StunPacketHandler;
import io.edgeway.core.spi.StunReplySink;
import io.edgeway.core.time.ManualClock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarding core behind a real media port on an {@link EmbeddedChannel}: participants keyed from
 * synthetic DTLS-SRTP exporter output (both profiles), "browsers" that are the mirror SRTP sessions, and
 * datagrams fed and captured at the channel. The DTLS handshakes are parked, never run: the keys are given.
 */
class MediaRoomTest {

    private static final TlsMaterial SERVER = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(1));
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 10000);
    private static final int SSRC_A = 0x0A0A0A0A;
    /** PLIs written out by hand (RFC 4585 §6.1/§6.3.1: V=2, FMT=1, PT=206, length 2; sender SSRC; media SSRC A). */
    private static final byte[] PLI_FROM_B = {(byte) 0x81, (byte) 206, 0, 2, 0x0B, 0x0B, 0x0B, 0x0B, 0x0A, 0x0A, 0x0A, 0x0A};
    private static final byte[] PLI_FROM_C = {(byte) 0x81, (byte) 206, 0, 2, 0x0C, 0x0C, 0x0C, 0x0C, 0x0A, 0x0A, 0x0A, 0x0A};
    private static final int SSRC_B = 0x0B0B0B0B;
    private static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private static final String TWCC = TransportWideSequence.URI;
    private static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";

    private final ManualClock clock = new ManualClock();
    private final List<Runnable> parkedHandshakes = new ArrayList<>();
    private final FanoutHandler fanout = new FanoutHandler();
    private final MediaRoom room = new MediaRoom("room-1");
    private final Random random = new Random(7);
    private EmbeddedChannel channel;
    private MediaPort port;

    @BeforeEach
    void attach() {
        channel = new EmbeddedChannel();
        // The port's ticks never fire on their own: the tests call fanout.onTimeout with the manual clock.
        channel.freezeTime();
        DtlsServerContext dtls = new DtlsServerContext(SERVER, parkedHandshakes::add, clock,
                DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, ByteBufAllocator.DEFAULT);
        port = EmbeddedMediaPorts.attach(channel, new NoStun(), fanout, dtls, clock);
    }

    @AfterEach
    void detach() {
        room.close();
        port.close();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

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

        clock.advance(Duration.ofNanos(MediaRoom.KEYFRAME_REQUEST_INTERVAL_NANOS));
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

    /**
     * draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: on each tick the publisher hears when its
     * transport-wide numbers arrived. Worked out by hand: the clock starts at 1 s, so the first reference
     * time is floor(1000/64) = 15 and the first delta 4000 - 3840 = 160 ticks of 250 µs.
     */
    @Test
    void theTickSendsThePublisherTransportWideFeedback() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        a.member.extensions(HeaderExtensionMap.of(Map.of(TWCC, 3)));
        assertThat(clock.nanos()).isEqualTo(1_000_000_000L);
        String sfu = String.format("%08x", room.sfuSsrc());

        sendWithTransportSequence(a, 1, 100);
        clock.advance(Duration.ofMillis(1));
        sendWithTransportSequence(a, 2, 101);
        clock.advance(Duration.ofMillis(4));
        sendWithTransportSequence(a, 3, 103); // 102 is late
        fanout.onTimeout(clock.nanos());
        channel.flush();
        List<DatagramPacketBytes> out = drainOutboundInOrder();
        assertThat(out).extracting(DatagramPacketBytes::recipient).containsExactly(a.address, a.address);
        // Statuses 1 1 0 1: one-bit vector 1|0|1101 = b400; deltas 160, 4, 16; 25 bytes padded to 28.
        assertThat(ByteBufUtil.hexDump(a.unprotectRtcp(out.get(0).bytes()))).isEqualTo("afcd0006" + sfu
                + "0a0a0a0a" + "0064" + "0004" + "00000f" + "00" + "b400" + "a0" + "04" + "10" + "000003");
        assertThat(a.unprotectRtcp(out.get(1).bytes())[1]).as("then the receiver report").isEqualTo((byte) 201);

        clock.advance(Duration.ofMillis(95));
        sendWithTransportSequence(a, 4, 104);
        fanout.onTimeout(clock.nanos());
        channel.flush();
        // Continues at 104; reference floor(1100/64) = 17 (4352 ticks), delta 4400 - 4352 = 48.
        assertThat(ByteBufUtil.hexDump(a.unprotectRtcp(drainOutbound().get(a.address)))).isEqualTo("afcd0005" + sfu
                + "0a0a0a0a" + "0068" + "0001" + "000011" + "01" + "a000" + "30" + "01");

        clock.advance(Duration.ofMillis(50));
        sendWithTransportSequence(a, 5, 102);
        clock.advance(Duration.ofMillis(1));
        sendWithTransportSequence(a, 6, 105);
        fanout.onTimeout(clock.nanos());
        channel.flush();
        // The late 102 moves the base back (draft §3.1); 103 and 104, reported before, are "not received".
        assertThat(ByteBufUtil.hexDump(a.unprotectRtcp(drainOutbound().get(a.address)))).isEqualTo("8fcd0005" + sfu
                + "0a0a0a0a" + "0066" + "0004" + "000011" + "02" + "a400" + "f8" + "04");
        assertThat(room.count(FanoutCounter.TRANSPORT_FEEDBACK_SENT)).isEqualTo(3);

        fanout.onTimeout(clock.nanos());
        channel.flush();
        assertThat(drainOutbound()).as("nothing new arrived").isEmpty();
    }

    @Test
    void thePublishersAudioLevelIsReadByItsOwnExtensionIdIntoADecayingPeak() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser c = join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        a.member.extensions(HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 1, TWCC, 3)));
        b.member.extensions(HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 5)));
        assertThat(a.member.speech().loudness(clock.nanos())).as("nothing heard yet").isZero();

        // RFC 6464: V set, level 30 -dBov (0x80 | 30): loudness 127 - 30.
        Map<InetSocketAddress, byte[]> out = receiveBatch(a, rtp(SSRC_A, 1, 40, "bede0001" + "109e" + "0000"));
        assertThat(a.member.speech().loudness(clock.nanos())).isEqualTo(97);
        assertThat(out).as("forwarding goes on as before").containsOnlyKeys(b.address, c.address);

        // The peak holds and decays 1 dB per 10 ms; a quieter packet does not pull it down.
        clock.advance(Duration.ofMillis(100));
        receiveBatch(a, rtp(SSRC_A, 2, 40, "bede0001" + "103c" + "0000"));
        assertThat(a.member.speech().loudness(clock.nanos())).isEqualTo(87);
        clock.advance(Duration.ofMillis(300));
        assertThat(a.member.speech().loudness(clock.nanos())).isEqualTo(57);
        receiveBatch(a, rtp(SSRC_A, 3, 40, "bede0001" + "103c" + "0000"));
        assertThat(a.member.speech().loudness(clock.nanos())).as("now the louder of the two").isEqualTo(67);
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.member.speech().loudness(clock.nanos())).isZero();

        // Each member by its own ID: b's ID 1 is not the audio level, its ID 5 is; c negotiated none.
        receiveBatch(b, rtp(SSRC_B, 1, 40, "bede0001" + "1000" + "0000"));
        assertThat(b.member.speech().loudness(clock.nanos())).isZero();
        receiveBatch(b, rtp(SSRC_B, 2, 40, "bede0001" + "5014" + "0000"));
        assertThat(b.member.speech().loudness(clock.nanos())).isEqualTo(107);
        receiveBatch(c, rtp(0x0C0C0C0C, 1, 40, "bede0001" + "1000" + "0000"));
        assertThat(c.member.speech().loudness(clock.nanos())).isZero();
        // A tampered packet does not count.
        byte[] wire = a.protectRtp(rtp(SSRC_A, 4, 40, "bede0001" + "1080" + "0000"));
        wire[wire.length - 1] ^= 1;
        receiveBatch(a.address, wire);
        assertThat(a.member.speech().loudness(clock.nanos())).isZero();
    }

    /** One read batch with one packet (the clock is read per batch); returns what was flushed. */
    private Map<InetSocketAddress, byte[]> receiveBatch(Browser from, byte[] plain) {
        return receiveBatch(from.address, from.protectRtp(plain));
    }

    private Map<InetSocketAddress, byte[]> receiveBatch(InetSocketAddress from, byte[] wire) {
        receive(from, wire);
        channel.pipeline().fireChannelReadComplete();
        return drainOutbound();
    }

    // ---------------------------------------------------------------------------------------------

    /** One participant: the SFU side joined to the room, and its browser's mirror SRTP sessions. */
    private Browser join(String id, int host, SrtpProtectionProfile dtlsProfile) {
        InetSocketAddress address = new InetSocketAddress("192.0.2." + host, 50000 + host);
        ParticipantTransport transport = port.newTransport(id, CertificateFingerprint.sha256(SERVER), new Quiet());
        transport.pairSelected(address);
        byte[] exported = new byte[dtlsProfile.exporterLength()];
        random.nextBytes(exported);
        RoomMember member = fanout.join(room,
                transport, SrtpKeyMaterial.fromExporterOutput(dtlsProfile, DtlsRole.SERVER, exported));
        SrtpProfile profile = SrtpProfile.byId(dtlsProfile.id()).orElseThrow();
        // The browser is the DTLS client (RFC 5763 §5): it sends with the client_write keys.
        return new Browser(address, member, SrtpSession.ofClientWrite(profile, exported),
                SrtpSession.ofServerWrite(profile, exported));
    }

    private SrtpKeyMaterial keys(SrtpProtectionProfile dtlsProfile) {
        byte[] exported = new byte[dtlsProfile.exporterLength()];
        random.nextBytes(exported);
        return SrtpKeyMaterial.fromExporterOutput(dtlsProfile, DtlsRole.SERVER, exported);
    }

    /** An RTP packet with the X bit set and {@code extensionBlock} (hex, header included) after the fixed header. */
    private byte[] rtp(int ssrc, int seq, int payloadLength, String extensionBlock) {
        byte[] block = ByteBufUtil.decodeHexDump(extensionBlock);
        byte[] plain = rtp(ssrc, seq, block.length + payloadLength);
        plain[0] |= 0x10;
        System.arraycopy(block, 0, plain, 12, block.length);
        return plain;
    }

    private byte[] rtp(int ssrc, int seq, int payloadLength) {
        byte[] packet = new byte[12 + payloadLength];
        packet[0] = (byte) 0x80;
        packet[1] = 96; // dynamic payload type, marker clear: never mistaken for RTCP (RFC 5761 §4)
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        int timestamp = seq * 3000;
        for (int i = 0; i < 4; i++) {
            packet[4 + i] = (byte) (timestamp >>> (24 - 8 * i));
            packet[8 + i] = (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 12; i < packet.length; i++) {
            packet[i] = (byte) random.nextInt();
        }
        return packet;
    }

    private void receive(InetSocketAddress from, byte[] wire) {
        ByteBuf content = channel.alloc().directBuffer(wire.length).writeBytes(wire);
        channel.pipeline().fireChannelRead(new DatagramPacket(content, LOCAL, from));
        channel.checkException();
    }

    private static String hex(String ascii) {
        return ByteBufUtil.hexDump(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** One RTP packet of {@link #SSRC_A} from {@code a} carrying transport-wide number {@code twcc} as ID 3. */
    private void sendWithTransportSequence(Browser a, int seq, int twcc) {
        receive(a.address, a.protectRtp(rtp(SSRC_A, seq, 40, "bede0001" + "31" + String.format("%04x", twcc) + "00")));
        channel.pipeline().fireChannelReadComplete();
        drainOutboundInOrder();
    }

    /** RFC 4585 §6.2.1 Generic NACK: V=2, FMT=1, PT=205, length 3; sender; media source; PID; BLP. */
    private static byte[] nack(int sender, int media, int pid, int blp) {
        return ByteBufUtil.decodeHexDump("81cd0003" + String.format("%08x%08x%04x%04x", sender, media, pid, blp));
    }

    private record DatagramPacketBytes(InetSocketAddress recipient, byte[] bytes) {
    }

    /** Everything flushed toward the participants, in order; each datagram released. */
    private List<DatagramPacketBytes> drainOutboundInOrder() {
        List<DatagramPacketBytes> out = new ArrayList<>();
        for (Object message; (message = channel.readOutbound()) != null; ) {
            DatagramPacket datagram = (DatagramPacket) message;
            try {
                out.add(new DatagramPacketBytes(datagram.recipient(), ByteBufUtil.getBytes(datagram.content())));
            } finally {
                datagram.release();
            }
        }
        return out;
    }

    /** Everything flushed toward the participants, by recipient; each datagram released. */
    private Map<InetSocketAddress, byte[]> drainOutbound() {
        Map<InetSocketAddress, byte[]> out = new HashMap<>();
        for (Object message; (message = channel.readOutbound()) != null; ) {
            DatagramPacket datagram = (DatagramPacket) message;
            try {
                assertThat(out.put(datagram.recipient(), ByteBufUtil.getBytes(datagram.content())))
                        .as("one copy per recipient").isNull();
            } finally {
                datagram.release();
            }
        }
        return out;
    }

    private static byte[] apply(SrtpSession session, byte[] packet, int tailroom, boolean rtp, boolean protect) {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.heapBuffer(packet.length + tailroom).writeBytes(packet);
        try {
            SrtpResult result = rtp
                    ? (protect ? session.protectRtp(buffer) : session.unprotectRtp(buffer))
                    : (protect ? session.protectRtcp(buffer) : session.unprotectRtcp(buffer));
            assertThat(result).isEqualTo(SrtpResult.OK);
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }

    private record Browser(InetSocketAddress address, RoomMember member, SrtpSession send, SrtpSession receive) {
        byte[] protectRtp(byte[] plain) {
            return apply(send, plain, send.profile().rtpTrailerLength(), true, true);
        }

        byte[] protectRtcp(byte[] plain) {
            return apply(send, plain, send.profile().rtcpTrailerLength(), false, true);
        }

        byte[] unprotectRtp(byte[] wire) {
            return apply(receive, wire, 0, true, false);
        }

        byte[] unprotectRtcp(byte[] wire) {
            return apply(receive, wire, 0, false, false);
        }
    }

    private static final class Quiet implements ParticipantTransportListener {
        @Override
        public void onConnected(ParticipantTransport transport, SrtpKeyMaterial keys) {
        }

        @Override
        public void onGone(ParticipantTransport transport, ParticipantTransport.GoneReason reason, String detail) {
        }
    }

    private static final class NoStun implements StunPacketHandler {
        @Override
        public boolean onStun(long nowNanos, InetSocketAddress from, ByteBuf packet, StunReplySink out) {
            return false;
        }

        @Override
        public void onTimeout(long nowNanos) {
        }

        @Override
        public long nextDeadline() {
            return Long.MAX_VALUE;
        }
    }
}
