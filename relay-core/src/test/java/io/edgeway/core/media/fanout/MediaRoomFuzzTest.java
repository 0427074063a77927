package io.edgeway.core.media.fanout;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsRole;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.port.EmbeddedMediaPorts;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.srtp.SrtpProfile;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.edgeway.core.time.ManualClock;
import io.edgeway.core.tls.TlsMaterial;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * Jazzer fuzz test of what a participant's RTP and RTCP reach once they decrypt (issue #10): arbitrary
 * plaintext, forced to RTP version 2 and to an RTP or an RTCP payload type (RFC 5761), is protected with
 * the sender's real SRTP keys so that it authenticates, then handed to a real {@link MediaPort} and
 * {@link MediaRoom} with three members (extension maps, NACK cache, keyframe throttle, RTCP termination
 * and the media tick all in play). Nothing may throw out of the port, and every buffer must be released
 * (the leak detector runs paranoid and fails the test on a leak).
 *
 * <p>Without {@code JAZZER_FUZZ} JUnit replays the seeds in {@code MediaRoomFuzzTestInputs/}; the
 * relay-core POM runs the class again with {@code JAZZER_FUZZ=1} for {@code edgeway.fuzz.parser.seconds}.
 */
class MediaRoomFuzzTest {

    static final String MAX_DURATION = "10m";
    /** The certificate, address and quiet listeners of the room tests ({@link RoomTestBase}). */
    private static final TlsMaterial SERVER = RoomTestBase.SERVER;
    private static final InetSocketAddress LOCAL = RoomTestBase.LOCAL;

    private final ManualClock clock = new ManualClock();
    private final FanoutHandler fanout = new FanoutHandler();
    private final Random random = new Random(11);
    private MediaRoom room;
    private EmbeddedChannel channel;
    private MediaPort port;
    private Sender[] senders;

    /** The plaintext and the publisher; byte 0 picks RTP or RTCP and the sender, the rest is the packet. */
    @FuzzTest(maxDuration = MAX_DURATION)
    void fuzzDecryptedMedia(FuzzedDataProvider data) {
        setUp();
        try {
            int packets = data.consumeInt(1, 8);
            for (int i = 0; i < packets && data.remainingBytes() > 0; i++) {
                boolean rtcp = data.consumeBoolean();
                Sender from = senders[data.consumeInt(0, senders.length - 1)];
                byte[] plain = data.consumeBytes(data.consumeInt(0, 1500));
                if (plain.length < (rtcp ? 8 : 12)) {
                    continue;
                }
                plain[0] = (byte) (0x80 | (plain[0] & 0x3F));
                if (rtcp) {
                    plain[1] = (byte) (192 + Math.floorMod(plain[1], 32));
                } else if ((plain[1] & 0x7F) >= 64 && (plain[1] & 0x7F) <= 95) {
                    plain[1] = (byte) ((plain[1] & 0x80) | 96);
                }
                byte[] wire = from.protect(plain, rtcp);
                if (wire != null) {
                    receive(from.address, wire);
                }
                if (data.consumeBoolean()) {
                    channel.pipeline().fireChannelReadComplete();
                    drain();
                }
                if (data.consumeBoolean()) {
                    clock.advance(Duration.ofMillis(data.consumeInt(1, 2000)));
                    fanout.onTimeout(clock.nanos());
                    channel.flush();
                    drain();
                }
            }
            channel.pipeline().fireChannelReadComplete();
            drain();
        } finally {
            tearDown();
        }
    }

    private void setUp() {
        room = new MediaRoom("fuzz");
        channel = new EmbeddedChannel();
        channel.freezeTime();
        DtlsServerContext dtls = new DtlsServerContext(SERVER, r -> { }, clock, DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT,
                ByteBufAllocator.DEFAULT);
        port = EmbeddedMediaPorts.attach(channel, fanout, dtls, clock);
        senders = new Sender[] {
            join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM,
                    Map.of("urn:ietf:params:rtp-hdrext:ssrc-audio-level", 1, TransportWideSequence.URI, 3)),
            join("b", 2, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
                    Map.of("urn:ietf:params:rtp-hdrext:ssrc-audio-level", 5, TransportWideSequence.URI, 7,
                            "urn:ietf:params:rtp-hdrext:sdes:mid", 1)),
            join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, Map.of())};
        room.registerSsrc(senders[0].member, 0x0A0A0A0A);
    }

    private void tearDown() {
        room.close();
        port.close();
        channel.finishAndReleaseAll();
    }

    private Sender join(String id, int host, SrtpProtectionProfile profile, Map<String, Integer> extensions) {
        InetSocketAddress address = new InetSocketAddress("192.0.2." + host, 50000 + host);
        ParticipantTransport transport = port.newTransport(id, CertificateFingerprint.sha256(SERVER), new RoomTestBase.Quiet());
        transport.pairSelected(address);
        byte[] exported = new byte[profile.exporterLength()];
        random.nextBytes(exported);
        RoomMember member = fanout.join(room, transport, SrtpKeyMaterial.fromExporterOutput(profile, DtlsRole.SERVER, exported));
        if (!extensions.isEmpty()) {
            member.extensions(HeaderExtensionMap.of(extensions));
        }
        return new Sender(address, member, SrtpSession.ofClientWrite(SrtpProfile.byId(profile.id()).orElseThrow(), exported));
    }

    private void receive(InetSocketAddress from, byte[] wire) {
        ByteBuf content = channel.alloc().directBuffer(wire.length).writeBytes(wire);
        channel.pipeline().fireChannelRead(new DatagramPacket(content, LOCAL, from));
        channel.checkException();
    }

    private void drain() {
        channel.runPendingTasks();
        for (Object message; (message = channel.readOutbound()) != null; ) {
            ((DatagramPacket) message).release();
        }
        channel.checkException();
    }

    private record Sender(InetSocketAddress address, RoomMember member, SrtpSession send) {
        /** The packet protected with the sender's keys, or null when SRTP refuses the plaintext. */
        byte[] protect(byte[] plain, boolean rtcp) {
            int tailroom = rtcp ? send.profile().rtcpTrailerLength() : send.profile().rtpTrailerLength();
            ByteBuf buffer = ByteBufAllocator.DEFAULT.heapBuffer(plain.length + tailroom).writeBytes(plain);
            try {
                SrtpResult result = rtcp ? send.protectRtcp(buffer) : send.protectRtp(buffer);
                if (result != SrtpResult.OK) {
                    return null;
                }
                byte[] out = new byte[buffer.readableBytes()];
                buffer.getBytes(buffer.readerIndex(), out);
                return out;
            } finally {
                buffer.release();
            }
        }
    }
}
