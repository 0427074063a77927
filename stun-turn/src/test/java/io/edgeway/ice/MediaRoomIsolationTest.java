package io.edgeway.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.dtls.DtlsTestClient;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.fanout.FanoutCounter;
import io.edgeway.core.media.fanout.FanoutHandler;
import io.edgeway.core.media.fanout.MediaRoom;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.MediaPortCounter;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.port.ParticipantTransportListener;
import io.edgeway.core.media.srtp.SrtpProfile;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.edgeway.core.time.Clock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.turn.core.ReceivedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.UDPTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 4, test 5, on real loopback sockets through the whole media path (ICE-lite responder, media port,
 * DTLS-SRTP, {@link FanoutHandler}): one participant of a room that sends garbage, replays its own packets,
 * forges packets with someone else's SSRC or with the wrong key, and another that fails DTLS, cost the
 * well-behaved participants nothing: each receives exactly the other's packets, every one of them
 * authenticating under its own keys, and the misbehaviour is counted where it was dropped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MediaRoomIsolationTest {

    private static final TlsMaterial SERVER = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(1));
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PACKETS = 100;
    private static final int PAYLOAD = 160;

    private EventLoops loops;
    private ExecutorService handshakes;
    private IceMediaSessions sessions;
    private FanoutHandler fanout;
    private MediaRoom room;
    private MediaPort port;
    private final List<Participant> participants = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        loops = EventLoops.start(null, 1, "media-port");
        handshakes = HandshakeThreads.start();
        sessions = new IceMediaSessions(new SecureRandom());
        fanout = new FanoutHandler();
        room = new MediaRoom("isolation");
        DtlsServerContext dtls = new DtlsServerContext(SERVER, handshakes, Clock.SYSTEM,
                DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, ByteBufAllocator.DEFAULT);
        port = MediaPort.bind(loops, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                sessions.stunHandler(), fanout, dtls, Clock.SYSTEM);
    }

    @AfterEach
    void stop() throws Exception {
        for (Participant p : participants) {
            p.socket.close();
        }
        if (port != null) {
            port.close();
        }
        loops.close();
        HandshakeThreads.stop(handshakes);
    }

    @Test
    void oneMisbehavingParticipantAffectsNoOneElse() throws Exception {
        Participant alice = join("alice", 0xA11CE);
        Participant bob = join("bob", 0xB0B);
        Participant mallory = join("mallory", 0x3A11);
        Participant failing = joinFailingDtls("carol");
        assertThat(failing.gone.get(10, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.DTLS_FAILED);
        assertThat(room.memberCount()).isEqualTo(3);

        // Mallory's one legitimate packet makes her the publisher of her SSRC, and a replay candidate.
        byte[] legitimate = mallory.protect(0, 0x3A11);
        mallory.sendRaw(legitimate);
        alice.expect(mallory, 0);
        bob.expect(mallory, 0);

        Random random = new Random(7);
        for (int seq = 1; seq <= PACKETS; seq++) {
            alice.send(seq);
            bob.send(seq);
            // Interleaved with the good traffic, one of each kind of misbehaviour per round:
            mallory.sendRaw(garbage(random, seq));                                // any first byte, random body
            mallory.sendRaw(legitimate);                                          // replay (SRTP replay window)
            mallory.sendRaw(mallory.protect(seq, alice.ssrc));                    // someone else's SSRC
            mallory.sendRaw(Participant.protectWith(mallory.wrongKey, seq, 0x3A11)); // does not authenticate
        }

        for (int seq = 1; seq <= PACKETS; seq++) {
            bob.expect(alice, seq);
            alice.expect(bob, seq);
        }
        // The room's verdicts, counted where each packet was dropped. Every misbehaving RTP packet was
        // handled before the good packets that followed it, and all good packets have arrived.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(room.count(FanoutCounter.RTP_SSRC_CONFLICT)).isEqualTo(PACKETS);
            assertThat(room.count(FanoutCounter.RTP_UNPROTECT_FAILED)).isGreaterThanOrEqualTo(2L * PACKETS);
        });
        // Mallory received what the others published (she is a participant) and nothing was forwarded to
        // anyone twice or out of place: nothing else is waiting on alice's or bob's socket.
        alice.assertNothingMore();
        bob.assertNothingMore();
        assertThat(port.count(MediaPortCounter.HANDLER_FAILED)).isZero();
        assertThat(room.memberCount()).isEqualTo(3);
    }

    // ---------------------------------------------------------------------------------------------

    /** A datagram whose first byte walks through every RFC 7983 range and beyond, with a random body. */
    private static byte[] garbage(Random random, int round) {
        byte[] bytes = new byte[12 + random.nextInt(200)];
        random.nextBytes(bytes);
        bytes[0] = (byte) (round * 37);
        return bytes;
    }

    private Participant join(String name, int ssrc) throws Exception {
        Participant p = open(name, ssrc, SelfSignedCertificates.generate(name, List.of(), Duration.ofDays(1)));
        DtlsTestClient client = DtlsTestClient.offering(p.certificate, CertificateFingerprint.sha256(SERVER),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        new DTLSClientProtocol().connect(client, new UDPTransport(p.socket, 1500));
        p.keyed(client.exportKeys());
        p.joined.get(10, TimeUnit.SECONDS);
        return p;
    }

    /** Offers one certificate in "SDP" and presents another in DTLS: the SFU must refuse it. */
    private Participant joinFailingDtls(String name) throws Exception {
        Participant p = open(name, 0, SelfSignedCertificates.generate(name, List.of(), Duration.ofDays(1)));
        TlsMaterial impostor = SelfSignedCertificates.generate("impostor", List.of(), Duration.ofDays(1));
        try {
            new DTLSClientProtocol().connect(DtlsTestClient.offering(impostor, CertificateFingerprint.sha256(SERVER),
                    SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM), new UDPTransport(p.socket, 1500)).close();
        } catch (IOException expected) {
            // The SFU's bad_certificate alert ends the handshake.
        }
        return p;
    }

    private Participant open(String name, int ssrc, TlsMaterial certificate) throws Exception {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(5_000);
        IceCredentials remote = IceCredentials.of(name + "rmt", name + "SidePassword0123456789");
        Participant p = new Participant(name, ssrc, socket, certificate);
        participants.add(p);
        IceMediaSession session = sessions.open(port, name, remote, CertificateFingerprint.sha256(certificate),
                new ParticipantTransportListener() {
                    @Override
                    public void onConnected(ParticipantTransport transport, SrtpKeyMaterial keys) {
                        // On the port's loop, where the room lives.
                        fanout.join(room, transport, keys);
                        p.joined.complete(null);
                    }

                    @Override
                    public void onGone(ParticipantTransport transport, ParticipantTransport.GoneReason reason,
                            String detail) {
                        fanout.leave(transport);
                        p.gone.complete(reason);
                    }
                });
        ReceivedMessage answer = check(socket, IceChecks.from(remote, session.localCredentials()).useCandidate());
        assertThat(answer.isSuccess()).isTrue();
        InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
        await().atMost(WAIT).until(() -> local.equals(session.transport().selectedRemote()));
        socket.connect(port.localAddress());
        return p;
    }

    private ReceivedMessage check(DatagramSocket from, IceChecks.Check check) throws IOException {
        return IceChecks.exchange(from, port.localAddress(), check);
    }

    /** A participant played in Java: its socket, its SRTP sessions once DTLS is done, and what it received. */
    private static final class Participant {
        final String name;
        final int ssrc;
        final DatagramSocket socket;
        final TlsMaterial certificate;
        final CompletableFuture<Void> joined = new CompletableFuture<>();
        final CompletableFuture<ParticipantTransport.GoneReason> gone = new CompletableFuture<>();
        SrtpSession outbound;
        SrtpSession inbound;
        SrtpSession wrongKey;

        Participant(String name, int ssrc, DatagramSocket socket, TlsMaterial certificate) {
            this.name = name;
            this.ssrc = ssrc;
            this.socket = socket;
            this.certificate = certificate;
        }

        void keyed(SrtpKeyMaterial keys) {
            SrtpProfile profile = SrtpProfile.byId(keys.profile().id()).orElseThrow();
            outbound = new SrtpSession(profile, keys.localMasterKey(), keys.localMasterSalt());
            inbound = new SrtpSession(profile, keys.remoteMasterKey(), keys.remoteMasterSalt());
            byte[] otherKey = keys.localMasterKey();
            otherKey[0] ^= 0x5a;
            wrongKey = new SrtpSession(profile, otherKey, keys.localMasterSalt());
        }

        void send(int seq) throws IOException {
            sendRaw(protect(seq, ssrc));
        }

        void sendRaw(byte[] datagram) throws IOException {
            socket.send(new DatagramPacket(datagram, datagram.length));
        }

        byte[] protect(int seq, int withSsrc) {
            return protectWith(outbound, seq, withSsrc);
        }

        /** An Opus-like RTP packet (PT 111) whose payload names its SSRC and sequence number. */
        static byte[] protectWith(SrtpSession session, int seq, int ssrc) {
            ByteBuf packet = Unpooled.buffer(12 + PAYLOAD + session.profile().rtpTrailerLength());
            try {
                packet.writeByte(0x80).writeByte(111).writeShort(seq).writeInt(seq * 960).writeInt(ssrc);
                for (int i = 0; i < PAYLOAD / 8; i++) {
                    packet.writeInt(ssrc).writeInt(seq);
                }
                assertThat(session.protectRtp(packet)).isEqualTo(SrtpResult.OK);
                return ByteBufUtil.getBytes(packet);
            } finally {
                packet.release();
            }
        }

        /** Reads the next datagram: it must authenticate under this participant's keys and be {@code from}'s {@code seq}. */
        void expect(Participant from, int seq) throws IOException {
            byte[] buffer = new byte[1500];
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            // Skip what the SFU sends on its own (RTCP: second byte 192-223), which this test does not examine.
            do {
                socket.receive(datagram);
            } while (datagram.getLength() >= 2 && (buffer[1] & 0xff) >= 192 && (buffer[1] & 0xff) <= 223);
            ByteBuf packet = Unpooled.wrappedBuffer(Arrays.copyOf(buffer, datagram.getLength()));
            try {
                assertThat(inbound.unprotectRtp(packet)).as("%s's copy of %s's packet %d", name, from.name, seq)
                        .isEqualTo(SrtpResult.OK);
                assertThat(packet.getInt(8)).as("SSRC at %s", name).isEqualTo(from.ssrc);
                assertThat(packet.getUnsignedShort(2)).as("sequence number at %s", name).isEqualTo(seq);
                assertThat(packet.readableBytes()).isEqualTo(12 + PAYLOAD);
                assertThat(packet.getInt(12)).isEqualTo(from.ssrc);
                assertThat(packet.getInt(16)).isEqualTo(seq);
            } finally {
                packet.release();
            }
        }

        /** After everything expected: no RTP is left (a short read that must time out or find only RTCP). */
        void assertNothingMore() throws IOException {
            int timeout = socket.getSoTimeout();
            socket.setSoTimeout(300);
            try {
                byte[] buffer = new byte[1500];
                while (true) {
                    DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                    socket.receive(datagram);
                    int second = buffer[1] & 0xff;
                    assertThat(second >= 192 && second <= 223)
                            .as("%s received an unexpected RTP packet (PT %d)", name, second & 0x7f).isTrue();
                }
            } catch (SocketTimeoutException drained) {
                // Nothing more: as it should be.
            } finally {
                socket.setSoTimeout(timeout);
            }
        }
    }
}
