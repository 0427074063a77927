package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.rtp.RtpHeaderExtensions;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.edgeway.core.media.sdp.ForwardedTrack;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #11, test 3: with the real offers of Firefox, Safari, Chromium and werift (the captures under
 * {@code src/test/resources/sdp/}), each pair negotiated as the session layer does it (the SFU's answer to
 * the publisher's offer, then the SFU's offer adding the publisher's tracks to the subscriber), a copy
 * reaches the subscriber with the payload type and the extension IDs that the subscriber's own SDP gives
 * (written out below from the captures, not computed), the MID stripped, and an RTX stream only where
 * the subscriber negotiated RTX.
 */
class BrowserInteropForwardingTest extends RoomTestBase {

    /**
     * What each stack's SDP says, read off its capture: Opus, VP8 and its RTX payload types (-1: none);
     * the audio level, MID and transport-wide IDs of its audio section; the MID, transport-wide and
     * abs-send-time IDs of its video section (0: not negotiated).
     */
    record Stack(String name, String fixture, int opus, int vp8, int rtx, int audioLevelId, int audioMidId,
                 int audioTwccId, int videoMidId, int videoTwccId, int absSendTimeId) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Stack CHROMIUM = new Stack("Chromium", "chromium-offer.sdp", 111, 96, 97, 1, 4, 3, 4, 3, 2);
    static final Stack FIREFOX = new Stack("Firefox", "firefox-offer.sdp", 109, 120, 124, 1, 3, 7, 3, 7, 4);
    static final Stack SAFARI = new Stack("Safari", "safari-offer.sdp", 111, 100, 101, 1, 9, 0, 9, 5, 3);
    static final Stack WERIFT = new Stack("werift", "werift-offer.sdp", 96, 97, -1, 2, 1, 0, 4, 3, 5);

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Stack publisher : List.of(CHROMIUM, FIREFOX, SAFARI, WERIFT)) {
            for (Stack subscriber : List.of(CHROMIUM, FIREFOX, SAFARI, WERIFT)) {
                if (publisher != subscriber) {
                    pairs.add(Arguments.of(publisher, subscriber));
                }
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void copiesCarryTheSubscribersPayloadTypesAndExtensionIds(Stack publisher, Stack subscriber) {
        Browser p = join("p", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser s = join("s", 2, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        List<ForwardedTrack> tracks = Negotiations.publish(p.member, publisher.fixture());
        Negotiations.subscribe(s.member, subscriber.fixture(), tracks);
        ForwardedTrack audio = tracks.get(0);
        ForwardedTrack video = tracks.get(1);

        // Audio: level 0x9e, MID "0", and a transport-wide number where the publisher's audio carries one.
        Map<Integer, String> sent = new LinkedHashMap<>();
        sent.put(publisher.audioLevelId(), "9e");
        sent.put(publisher.audioMidId(), "30");
        if (publisher.audioTwccId() != 0) {
            sent.put(publisher.audioTwccId(), "0102");
        }
        byte[] atS = forward(p, s, packet(publisher.opus(), audio.ssrc(), 1, sent));
        assertThat(RtpHeaderFlyweight.payloadType(Unpooled.wrappedBuffer(atS), 0)).isEqualTo(subscriber.opus());
        Map<Integer, String> expected = new LinkedHashMap<>();
        expected.put(subscriber.audioLevelId(), "9e");
        if (publisher.audioTwccId() != 0 && subscriber.audioTwccId() != 0) {
            expected.put(subscriber.audioTwccId(), "0000"); // the subscriber's own first number
        }
        assertThat(elements(atS)).as("audio extensions at %s", subscriber).isEqualTo(expected);

        // Video: MID "1", a transport-wide number, abs-send-time.
        sent.clear();
        sent.put(publisher.videoMidId(), "31");
        sent.put(publisher.videoTwccId(), "0103");
        sent.put(publisher.absSendTimeId(), "123456");
        atS = forward(p, s, packet(publisher.vp8(), video.ssrc(), 1, sent));
        assertThat(RtpHeaderFlyweight.payloadType(Unpooled.wrappedBuffer(atS), 0)).isEqualTo(subscriber.vp8());
        expected.clear();
        expected.put(subscriber.videoTwccId(), String.format("%04x", subscriber.audioTwccId() != 0
                && publisher.audioTwccId() != 0 ? 1 : 0));
        expected.put(subscriber.absSendTimeId(), "123456");
        assertThat(elements(atS)).as("video extensions at %s", subscriber).isEqualTo(expected);

        // RTX (RFC 4588): the publisher's retransmission stream reaches only a subscriber that negotiated RTX,
        // under the subscriber's RTX payload type for VP8.
        if (video.rtxSsrc() != null) {
            byte[] rtx = packet(publisher.rtx(), video.rtxSsrc(), 1, Map.of());
            if (subscriber.rtx() < 0) {
                assertThat(receiveBatch(p, rtx)).as("no RTX toward %s", subscriber).isEmpty();
                assertThat(room.count(FanoutCounter.RTP_NOT_SUBSCRIBED)).isEqualTo(1);
            } else {
                atS = forward(p, s, rtx);
                assertThat(RtpHeaderFlyweight.payloadType(Unpooled.wrappedBuffer(atS), 0)).isEqualTo(subscriber.rtx());
            }
        }
        assertThat(room.count(FanoutCounter.RTP_CODEC_NOT_NEGOTIATED)).isZero();
    }

    /** One packet from {@code p}; what {@code s} got, unprotected. */
    private byte[] forward(Browser p, Browser s, byte[] plain) {
        Map<InetSocketAddress, byte[]> out = receiveBatch(p, plain);
        assertThat(out).containsOnlyKeys(s.address);
        byte[] atS = s.unprotectRtp(out.get(s.address));
        assertThat(atS.length).isEqualTo(plain.length);
        return atS;
    }

    /** An RTP packet with one-byte extensions {@code elements} (ID -> hex value) and 20 payload bytes. */
    private byte[] packet(int payloadType, long ssrc, int seq, Map<Integer, String> elements) {
        StringBuilder block = new StringBuilder();
        for (Map.Entry<Integer, String> e : elements.entrySet()) {
            int length = e.getValue().length() / 2;
            block.append(String.format("%02x", (e.getKey() << 4) | (length - 1))).append(e.getValue());
        }
        while (block.length() % 8 != 0) {
            block.append("00");
        }
        String extension = elements.isEmpty() ? ""
                : "bede" + String.format("%04x", block.length() / 8) + block;
        byte[] plain = extension.isEmpty() ? rtp((int) ssrc, seq, 20) : rtp((int) ssrc, seq, 20, extension);
        plain[1] = (byte) payloadType;
        return plain;
    }

    /** The extension elements of {@code packet} that are not padding, ID -> hex value. */
    private static Map<Integer, String> elements(byte[] packet) {
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        RtpHeaderFlyweight rtp = new RtpHeaderFlyweight().wrap(buf);
        Map<Integer, String> found = new LinkedHashMap<>();
        if (!rtp.extension()) {
            return found;
        }
        RtpHeaderExtensions extensions = new RtpHeaderExtensions().wrap(rtp);
        while (extensions.next()) {
            found.put(extensions.id(), ByteBufUtil.hexDump(buf, extensions.dataOffset(), extensions.dataLength()));
        }
        return found;
    }
}
