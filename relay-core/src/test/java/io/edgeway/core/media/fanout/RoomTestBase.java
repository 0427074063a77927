package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsRole;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.port.EmbeddedMediaPorts;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.port.ParticipantTransportListener;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.srtp.SrtpProfile;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.edgeway.core.time.ManualClock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The harness every room unit's test runs on: the forwarding core behind a real media port on an
 * {@link EmbeddedChannel}, participants keyed from synthetic DTLS-SRTP exporter output (both profiles),
 * "browsers" that are the mirror SRTP sessions, and datagrams fed and captured at the channel. The DTLS
 * handshakes are parked, never run: the keys are given.
 */
abstract class RoomTestBase {

    static final TlsMaterial SERVER = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(1));
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 10000);
    static final int SSRC_A = 0x0A0A0A0A;
    /** PLIs written out by hand (RFC 4585 §6.1/§6.3.1: V=2, FMT=1, PT=206, length 2; sender SSRC; media SSRC A). */
    static final byte[] PLI_FROM_B = {(byte) 0x81, (byte) 206, 0, 2, 0x0B, 0x0B, 0x0B, 0x0B, 0x0A, 0x0A, 0x0A, 0x0A};
    static final byte[] PLI_FROM_C = {(byte) 0x81, (byte) 206, 0, 2, 0x0C, 0x0C, 0x0C, 0x0C, 0x0A, 0x0A, 0x0A, 0x0A};
    static final int SSRC_B = 0x0B0B0B0B;
    static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    static final String TWCC = TransportWideSequence.URI;
    static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";

    final ManualClock clock = new ManualClock();
    final List<Runnable> parkedHandshakes = new ArrayList<>();
    final FanoutHandler fanout = new FanoutHandler();
    final MediaRoom room = new MediaRoom("room-1");
    final Random random = new Random(7);
    EmbeddedChannel channel;
    MediaPort port;

    @BeforeEach
    void attach() {
        channel = new EmbeddedChannel();
        // The port's ticks never fire on their own: the tests call fanout.onTimeout with the manual clock.
        channel.freezeTime();
        DtlsServerContext dtls = new DtlsServerContext(SERVER, parkedHandshakes::add, clock,
                DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, ByteBufAllocator.DEFAULT);
        port = EmbeddedMediaPorts.attach(channel, fanout, dtls, clock);
    }

    @AfterEach
    void detach() {
        room.close();
        port.close();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    /** One read batch with one packet (the clock is read per batch); returns what was flushed. */
    Map<InetSocketAddress, byte[]> receiveBatch(Browser from, byte[] plain) {
        return receiveBatch(from.address, from.protectRtp(plain));
    }

    Map<InetSocketAddress, byte[]> receiveBatch(InetSocketAddress from, byte[] wire) {
        receive(from, wire);
        channel.pipeline().fireChannelReadComplete();
        return drainOutbound();
    }

    // ---------------------------------------------------------------------------------------------

    /** One participant: the SFU side joined to the room, and its browser's mirror SRTP sessions. */
    Browser join(String id, int host, SrtpProtectionProfile dtlsProfile) {
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

    SrtpKeyMaterial keys(SrtpProtectionProfile dtlsProfile) {
        byte[] exported = new byte[dtlsProfile.exporterLength()];
        random.nextBytes(exported);
        return SrtpKeyMaterial.fromExporterOutput(dtlsProfile, DtlsRole.SERVER, exported);
    }

    /** An RTP packet with the X bit set and {@code extensionBlock} (hex, header included) after the fixed header. */
    byte[] rtp(int ssrc, int seq, int payloadLength, String extensionBlock) {
        byte[] block = ByteBufUtil.decodeHexDump(extensionBlock);
        byte[] plain = rtp(ssrc, seq, block.length + payloadLength);
        plain[0] |= 0x10;
        System.arraycopy(block, 0, plain, 12, block.length);
        return plain;
    }

    byte[] rtp(int ssrc, int seq, int payloadLength) {
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

    void receive(InetSocketAddress from, byte[] wire) {
        ByteBuf content = channel.alloc().directBuffer(wire.length).writeBytes(wire);
        channel.pipeline().fireChannelRead(new DatagramPacket(content, LOCAL, from));
        channel.checkException();
    }

    static String hex(String ascii) {
        return ByteBufUtil.hexDump(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** One RTP packet of {@link #SSRC_A} from {@code a} carrying transport-wide number {@code twcc} as ID 3. */
    void sendWithTransportSequence(Browser a, int seq, int twcc) {
        receive(a.address, a.protectRtp(rtp(SSRC_A, seq, 40, "bede0001" + "31" + String.format("%04x", twcc) + "00")));
        channel.pipeline().fireChannelReadComplete();
        drainOutboundInOrder();
    }

    /** RFC 4585 §6.2.1 Generic NACK: V=2, FMT=1, PT=205, length 3; sender; media source; PID; BLP. */
    static byte[] nack(int sender, int media, int pid, int blp) {
        return ByteBufUtil.decodeHexDump("81cd0003" + String.format("%08x%08x%04x%04x", sender, media, pid, blp));
    }

    record DatagramPacketBytes(InetSocketAddress recipient, byte[] bytes) {
    }

    /** Everything flushed toward the participants, in order; each datagram released. */
    List<DatagramPacketBytes> drainOutboundInOrder() {
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
    Map<InetSocketAddress, byte[]> drainOutbound() {
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

    static byte[] apply(SrtpSession session, byte[] packet, int tailroom, boolean rtp, boolean protect) {
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

    /** A browser: where it sends from, its member in the room, and its mirror SRTP sessions. */
    static final class Browser {
        final InetSocketAddress address;
        final RoomMember member;
        final SrtpSession send;
        final SrtpSession receive;

        Browser(InetSocketAddress address, RoomMember member, SrtpSession send, SrtpSession receive) {
            this.address = address;
            this.member = member;
            this.send = send;
            this.receive = receive;
        }

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

    static final class Quiet implements ParticipantTransportListener {
        @Override
        public void onConnected(ParticipantTransport transport, SrtpKeyMaterial keys) {
        }

        @Override
        public void onGone(ParticipantTransport transport, ParticipantTransport.GoneReason reason, String detail) {
        }
    }

}
