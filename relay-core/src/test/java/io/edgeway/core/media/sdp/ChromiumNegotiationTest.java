package io.edgeway.core.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that a real browser accepts what the SFU writes: the answer to Chromium's own offer, applied to
 * the very peer connection that made the offer, and then two server-initiated renegotiation offers
 * (one participant joins, then leaves), each answered by Chromium. Chromium's ICE agent also starts
 * checking the SFU's candidates, which shows it took the ICE-lite credentials and both candidates: a
 * STUN Binding request with {@code USERNAME = <SFU ufrag>:<browser ufrag>} (RFC 8445 §7.2.2) arrives on
 * the UDP host candidate and, framed per RFC 4571, on the TCP passive one. No server answers them;
 * connectivity is the media port's job, tested elsewhere.
 *
 * <p>Runs in a few seconds (one browser launch). Needs node, chromium and playwright-core and fails,
 * never skips, without them: see {@link ChromiumPeer}.
 */
class ChromiumNegotiationTest {

    private static final Fingerprint SFU_FINGERPRINT = Fingerprint.sha256(
            "3C:4A:A2:E1:96:6F:C0:5B:1B:0E:31:7F:92:0D:AA:45:18:E4:77:0C:61:9B:D2:08:F3:5E:6A:C1:24:B7:90:DD");

    @TempDir
    Path work;

    @Test
    void chromiumAcceptsTheAnswerAndTheRenegotiationOffers() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
             ServerSocket tcp = new ServerSocket(0, 8, loopback);
             ChromiumPeer chromium = ChromiumPeer.start(work)) {
            SfuTransportParameters sfu = new SfuTransportParameters("edgewaySfu1", "edgewaySfuPassword0123456",
                    SFU_FINGERPRINT, List.of(
                            Candidate.udpHost("1", Candidate.priority(126, 65535, 1), "127.0.0.1", udp.getLocalPort()),
                            Candidate.tcpPassiveHost("2", Candidate.priority(90, 65535, 1), "127.0.0.1",
                                    tcp.getLocalPort())));

            // 1. Chromium's offer has the fixture's shape
            SessionDescription offer = SdpParser.parse(chromium.offer());
            assertThat(offer.media()).extracting(MediaDescription::kind)
                    .containsExactly("audio", "video", "audio", "video");
            assertThat(offer.media()).extracting(MediaDescription::direction).containsExactly(
                    Direction.SENDRECV, Direction.SENDRECV, Direction.RECVONLY, Direction.RECVONLY);

            // 2. the SFU's answer, sending a forwarded track on the recvonly audio transceiver (mid 2)
            ForwardedTrack carolMic = ForwardedTrack.audio("carol", "carol-mic", 0x11111111L, "carol-cname");
            SessionDescription answer = new SfuAnswerBuilder(sfu).answer(offer, Origin.of(7, 1), Map.of("2", carolMic));
            ChromiumPeer.Result applied = chromium.apply("answer", SdpWriter.write(answer));
            assertThat(applied.ok()).as("setRemoteDescription(answer): %s", applied.error()).isTrue();
            assertThat(applied.signalingState()).isEqualTo("stable");
            // mid:direction:currentDirection, as the browser sees them
            assertThat(applied.transceivers()).containsExactly(
                    "0:sendrecv:sendonly", "1:sendrecv:sendonly", "2:recvonly:recvonly", "3:recvonly:inactive");
            assertThat(applied.tracks()).containsExactly("2:audio:carol:live");

            String browserUfrag = offer.transportOf(offer.media().get(0)).iceUfrag();
            String username = sfu.iceUfrag() + ":" + browserUfrag;
            assertThat(stunUsernameOverUdp(udp)).isEqualTo(username);
            assertThat(stunUsernameOverTcp(tcp)).isEqualTo(username);

            // 3. bob joins: the SFU offers two new sendonly sections
            ForwardedTrack bobMic = ForwardedTrack.audio("bob", "bob-mic", 0x22222222L, "bob-cname");
            ForwardedTrack bobCam = ForwardedTrack.video("bob", "bob-cam", 0x33333333L, 0x33333334L, "bob-cname");
            SfuOfferBuilder offers = new SfuOfferBuilder(sfu);
            SessionDescription joinOffer = offers.offer(answer, List.of(carolMic, bobMic, bobCam));
            applied = chromium.apply("offer", SdpWriter.write(joinOffer));
            assertThat(applied.ok()).as("setRemoteDescription(offer after join): %s", applied.error()).isTrue();
            assertThat(applied.signalingState()).isEqualTo("stable");
            SessionDescription joinAnswer = SdpParser.parse(applied.answer());
            SfuOfferBuilder.checkAnswer(joinOffer, joinAnswer);
            assertThat(joinAnswer.bundleMids()).containsExactly("0", "1", "2", "3", "4", "5");
            assertThat(joinAnswer.media()).extracting(MediaDescription::direction).containsExactly(
                    Direction.SENDONLY, Direction.SENDONLY, Direction.RECVONLY, Direction.INACTIVE,
                    Direction.RECVONLY, Direction.RECVONLY);
            // the browser answers with the SFU's codecs and extension ids on the new sections
            MediaDescription bobVideo = joinAnswer.media().get(5);
            assertThat(bobVideo.formats()).containsExactly("96", "97", "108", "109");
            assertThat(bobVideo.extMapId(ExtMap.SDES_MID)).isEqualTo(4);
            assertThat(joinAnswer.media().get(4).formats()).containsExactly("111");
            assertThat(applied.transceivers()).containsExactly(
                    "0:sendrecv:sendonly", "1:sendrecv:sendonly", "2:recvonly:recvonly", "3:recvonly:inactive",
                    "4:recvonly:recvonly", "5:recvonly:recvonly");
            assertThat(applied.tracks()).containsExactly("2:audio:carol:live", "4:audio:bob:live", "5:video:bob:live");

            // 4. bob leaves: his sections stay, at port 0, and the browser stops their transceivers
            SessionDescription leaveOffer = offers.offer(joinOffer, List.of(carolMic));
            applied = chromium.apply("offer", SdpWriter.write(leaveOffer));
            assertThat(applied.ok()).as("setRemoteDescription(offer after leave): %s", applied.error()).isTrue();
            SessionDescription leaveAnswer = SdpParser.parse(applied.answer());
            SfuOfferBuilder.checkAnswer(leaveOffer, leaveAnswer);
            assertThat(leaveAnswer.media()).extracting(MediaDescription::mid)
                    .containsExactly("0", "1", "2", "3", "4", "5");
            assertThat(leaveAnswer.media()).extracting(MediaDescription::isRejected)
                    .containsExactly(false, false, false, false, true, true);
            assertThat(leaveAnswer.bundleMids()).containsExactly("0", "1", "2", "3");
            // stopped transceivers leave getTransceivers() once negotiated; bob's tracks end, carol's lives on
            assertThat(applied.transceivers()).containsExactly(
                    "0:sendrecv:sendonly", "1:sendrecv:sendonly", "2:recvonly:recvonly", "3:recvonly:inactive");
            assertThat(applied.tracks()).containsExactly("2:audio:carol:live", "4:audio:bob:ended", "5:video:bob:ended");
        }
    }

    /** Waits for the first datagram on {@code udp} and returns the USERNAME of the STUN request in it. */
    private static String stunUsernameOverUdp(DatagramSocket udp) throws IOException {
        udp.setSoTimeout(10_000);
        byte[] buffer = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        return bindingRequestUsername(Arrays.copyOf(buffer, packet.getLength()));
    }

    /** Accepts Chromium's ICE-TCP connection and returns the USERNAME of its first framed STUN request. */
    private static String stunUsernameOverTcp(ServerSocket tcp) throws IOException {
        tcp.setSoTimeout(10_000);
        try (Socket s = tcp.accept()) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            // RFC 4571 §2 (RFC 6544 §3): each packet is preceded by its 16-bit length
            byte[] message = new byte[in.readUnsignedShort()];
            in.readFully(message);
            return bindingRequestUsername(message);
        }
    }

    /** The USERNAME (RFC 8489 §14.3) of a Binding request (RFC 8489 §5: type 0x0001, magic cookie). */
    private static String bindingRequestUsername(byte[] m) {
        assertThat(m.length).isGreaterThanOrEqualTo(20);
        assertThat(((m[0] & 0xFF) << 8) | (m[1] & 0xFF)).as("STUN message type").isEqualTo(0x0001);
        assertThat(Arrays.copyOfRange(m, 4, 8)).as("magic cookie")
                .containsExactly(0x21, 0x12, 0xA4 - 256, 0x42);
        int at = 20;
        while (at + 4 <= m.length) {
            int type = ((m[at] & 0xFF) << 8) | (m[at + 1] & 0xFF);
            int length = ((m[at + 2] & 0xFF) << 8) | (m[at + 3] & 0xFF);
            if (type == 0x0006) {
                return new String(m, at + 4, length, StandardCharsets.UTF_8);
            }
            at += 4 + ((length + 3) & ~3);
        }
        throw new AssertionError("the Binding request has no USERNAME");
    }
}
