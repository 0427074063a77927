package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.sdp.SdpParser;
import io.edgeway.core.media.sdp.SessionDescription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session with slots on the real room: publishers' audio and video reach a subscriber only through its
 * few slots, renumbered as the slot's own streams; the loudest speaker takes the audio slot, a video slot
 * switches at a key frame, simulcast layers are learnt from their RIDs, a NACK on a slot is answered as
 * RTX, and a PLI on a slot reaches the publisher of what it carries.
 */
class SlotForwardingTest extends RoomTestBase {

    private static final int AUDIO_A = 0x0A0A0001;
    private static final int VIDEO_A = 0x0A0A0002;
    private static final int AUDIO_B = 0x0B0B0001;
    private static final int VIDEO_B = 0x0B0B0002;
    private static final int SLOT_AUDIO = 0x5A000001;
    private static final int SLOT_VIDEO = 0x5A000002;
    private static final int SLOT_VIDEO_RTX = 0x5A000003;

    /**
     * The SFU's description of the subscriber's slots as its browser accepted them: one sendonly audio slot
     * (Opus as 111, audio level ID 1, transport-wide ID 3) and one sendonly video slot with RTX (VP8 as 96,
     * RTX 97 with apt 96).
     */
    private static final String SLOTS_SDP = String.join("\r\n",
            "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:0", "a=sendonly", "a=rtcp-mux",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=rtpmap:111 opus/48000/2", "a=ssrc:" + Integer.toUnsignedString(SLOT_AUDIO) + " cname:edgeway",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 0.0.0.0", "a=mid:1", "a=sendonly", "a=rtcp-mux",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=rtpmap:96 VP8/90000", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96",
            "a=ssrc-group:FID " + Integer.toUnsignedString(SLOT_VIDEO) + " " + Integer.toUnsignedString(SLOT_VIDEO_RTX),
            "a=ssrc:" + Integer.toUnsignedString(SLOT_VIDEO) + " cname:edgeway",
            "a=ssrc:" + Integer.toUnsignedString(SLOT_VIDEO_RTX) + " cname:edgeway", "") ;

    /**
     * A publisher's negotiation: the SFU's answer ({@code recvonly}) or the publisher's offer ({@code sendonly}
     * with its SSRCs): Opus as 111 and VP8 as 96, the extension IDs of {@link #PUBLISHER_IDS}.
     */
    private static String publisherSdp(String direction, int audioSsrc, int videoSsrc) {
        String extensions = String.join("\r\n", "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id");
        return String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:0", "a=" + direction, "a=rtcp-mux",
                extensions, "a=rtpmap:111 opus/48000/2",
                audioSsrc == 0 ? "a=rtcp-rsize" : "a=ssrc:" + Integer.toUnsignedString(audioSsrc) + " cname:p",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=mid:1", "a=" + direction, "a=rtcp-mux",
                extensions, "a=rtpmap:96 VP8/90000",
                videoSsrc == 0 ? "a=rtcp-rsize" : "a=ssrc:" + Integer.toUnsignedString(videoSsrc) + " cname:p", "");
    }

    /** The video section with RTX as 97 (apt 96). */
    private static String withRtx(String sdp) {
        return sdp.replace("m=video 9 UDP/TLS/RTP/SAVPF 96", "m=video 9 UDP/TLS/RTP/SAVPF 96 97")
                .replace("a=rtpmap:96 VP8/90000", "a=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96");
    }

    private final List<RoomMember> changed = new ArrayList<>();
    private final List<Integer> layerMasks = new ArrayList<>();
    private Browser alice;
    private Browser bob;
    private Browser carol;
    private int pictureId = 100;

    @BeforeEach
    void session() {
        room.requireSignalledSsrcs();
        room.useSlots(1, 1, new SlotListener() {
            @Override
            public void onSlotsChanged(RoomMember subscriber) {
                changed.add(subscriber);
            }

            @Override
            public void onLayersChanged(MediaSource source) {
                layerMasks.add(source.activeLayerMask());
            }
        });
        alice = join("alice", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        bob = join("bob", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        carol = join("carol", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        alice.member.negotiated(SdpParser.parse(publisherSdp("recvonly", 0, 0)),
                SdpParser.parse(publisherSdp("sendonly", AUDIO_A, VIDEO_A)));
        bob.member.negotiated(SdpParser.parse(publisherSdp("recvonly", 0, 0)),
                SdpParser.parse(publisherSdp("sendonly", AUDIO_B, VIDEO_B)));
        assertThat(room.declareSources(alice.member, List.of(
                SourceDeclaration.single(MediaSource.Kind.AUDIO, "0", false, AUDIO_A & 0xFFFFFFFFL, 0),
                SourceDeclaration.single(MediaSource.Kind.VIDEO, "1", false, VIDEO_A & 0xFFFFFFFFL, 0)))).isTrue();
        assertThat(room.declareSources(bob.member, List.of(
                SourceDeclaration.single(MediaSource.Kind.AUDIO, "0", false, AUDIO_B & 0xFFFFFFFFL, 0),
                SourceDeclaration.single(MediaSource.Kind.VIDEO, "1", false, VIDEO_B & 0xFFFFFFFFL, 0)))).isTrue();
        room.giveSlots(carol.member, new int[] {SLOT_AUDIO}, new int[] {SLOT_VIDEO}, new int[] {SLOT_VIDEO_RTX},
                "edgeway");
        SessionDescription slots = SdpParser.parse(SLOTS_SDP);
        carol.member.negotiated(slots, null);
    }

    @Test
    void theLoudestSpeakerFillsTheAudioSlotAsOneContinuousStream() {
        // Alice speaks at -30 dBov, Bob at -45 dBov: after a tick Alice holds Carol's one audio slot.
        receiveBatch(alice, audio(AUDIO_A, 1000, 30));
        receiveBatch(bob, audio(AUDIO_B, 5000, 45));
        tick();
        // Chosen, but the page hears of it when Alice's first packet goes out on the slot (next tick).
        assertThat(carol.member.slots().audioSource(0)).isNull();
        int first = slotPacketTo(carol, receiveBatch(alice, audio(AUDIO_A, 1001, 30)));
        assertThat(carol.member.slots().audioSource(0).publisher()).isSameAs(alice.member);
        tick();
        assertThat(changed).contains(carol.member);

        int second = slotPacketTo(carol, receiveBatch(alice, audio(AUDIO_A, 1002, 30)));
        assertThat(second).isEqualTo((first + 1) & 0xFFFF);
        assertThat(receiveBatch(bob, audio(AUDIO_B, 5001, 45))).doesNotContainKey(carol.address);

        // Alice stops for two seconds; Bob speaks louder. The slot moves to Bob and its numbering goes on.
        clock.advance(Duration.ofSeconds(2));
        receiveBatch(bob, audio(AUDIO_B, 5002, 25));
        tick();
        int third = slotPacketTo(carol, receiveBatch(bob, audio(AUDIO_B, 5003, 25)));
        assertThat(carol.member.slots().audioSource(0).publisher()).isSameAs(bob.member);
        assertThat(third).isEqualTo((second + 1) & 0xFFFF);
    }

    @Test
    void silenceOfAHeardSpeakerIsNotForwardedAndLeavesNoGap() {
        receiveBatch(alice, audio(AUDIO_A, 1, 30));
        tick();
        int first = slotPacketTo(carol, receiveBatch(alice, audio(AUDIO_A, 2, 30)));
        clock.advance(Duration.ofSeconds(1));
        // -127 dBov: digital silence, after the speech peak has decayed.
        assertThat(receiveBatch(alice, audio(AUDIO_A, 3, 127))).doesNotContainKey(carol.address);
        assertThat(room.count(FanoutCounter.AUDIO_SILENCE_SKIPPED)).isEqualTo(1);
        int next = slotPacketTo(carol, receiveBatch(alice, audio(AUDIO_A, 4, 20)));
        assertThat(next).isEqualTo((first + 1) & 0xFFFF);
    }

    @Test
    void aVideoSlotStartsAtAKeyFrameAndAsksForOne() {
        receiveBatch(alice, vp8(VIDEO_A, 10, false));
        tick();
        // The slot waits for Alice's key frame: its switch asked her for one (a PLI naming her SSRC).
        assertThat(room.count(FanoutCounter.SWITCH_KEYFRAME_REQUESTED)).isEqualTo(1);
        assertThat(receiveBatch(alice, vp8(VIDEO_A, 11, false))).doesNotContainKey(carol.address);
        byte[] key = unprotectedTo(carol, receiveBatch(alice, vp8(VIDEO_A, 12, true)));
        ByteBuf packet = Unpooled.wrappedBuffer(key);
        assertThat(carol.member.slots().videoSource(0).publisher()).isSameAs(alice.member);
        assertThat(carol.member.slots().videoHeight(0)).isEqualTo(360);
        assertThat(packet.getInt(8)).isEqualTo(SLOT_VIDEO);
        assertThat(packet.getUnsignedByte(1) & 0x7F).isEqualTo(96);
        int pictureOut = pictureIdOf(key);
        byte[] next = unprotectedTo(carol, receiveBatch(alice, vp8(VIDEO_A, 13, false)));
        assertThat(pictureIdOf(next)).isEqualTo(pictureOut + 1);
        assertThat(Unpooled.wrappedBuffer(next).getUnsignedShort(2))
                .isEqualTo((packet.getUnsignedShort(2) + 1) & 0xFFFF);
    }

    @Test
    void aNackOnASlotIsAnsweredAsRtxWithTheOriginalSequenceNumber() {
        receiveBatch(alice, vp8(VIDEO_A, 10, false));
        tick();
        byte[] key = unprotectedTo(carol, receiveBatch(alice, vp8(VIDEO_A, 11, true)));
        int slotSequence = Unpooled.wrappedBuffer(key).getUnsignedShort(2);
        receiveBatch(carol.address, carol.protectRtcp(nack(0x0C0C0C0C, SLOT_VIDEO, slotSequence, 0)));
        assertThat(room.count(FanoutCounter.RETRANSMITTED)).isEqualTo(1);
    }

    /**
     * Alice's RTX stream (RFC 4588: PT 97 with apt 96, its own SSRC, the original sequence number first in the
     * payload) brings back a packet the SFU missed: the original is rebuilt and reaches Carol's slot in its
     * place, and nothing of the RTX packet itself does.
     */
    @Test
    void aPublishersRetransmissionFillsTheGapItRepairs() {
        Browser erin = join("erin", 5, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        erin.member.negotiated(SdpParser.parse(withRtx(publisherSdp("recvonly", 0, 0))),
                SdpParser.parse(withRtx(publisherSdp("sendonly", 0x0E0E0001, 0x0E0E0002))));
        room.declareSources(erin.member, List.of(SourceDeclaration.single(MediaSource.Kind.VIDEO, "1", false,
                0x0E0E0002L, 0x0E0E0003L)));
        carol.member.slots().view(new SubscriberSlots.View(List.of("erin"), Map.of(), 1));
        receiveBatch(erin, vp8(0x0E0E0002, 20, false));
        tick();
        int keySequence = Unpooled.wrappedBuffer(unprotectedTo(carol, receiveBatch(erin, vp8(0x0E0E0002, 21, true))))
                .getUnsignedShort(2);
        // 22 is lost on the way in; 23 arrives; then the RTX of 22.
        receiveBatch(erin, vp8(0x0E0E0002, 23, false));
        byte[] original = vp8(0x0E0E0002, 22, false);
        byte[] rtx = new byte[original.length + 2];
        System.arraycopy(original, 0, rtx, 0, 12);
        rtx[1] = 97;
        rtx[2] = 0;
        rtx[3] = 7; // the RTX stream's own sequence number
        rtx[8] = 0x0E;
        rtx[9] = 0x0E;
        rtx[10] = 0;
        rtx[11] = 3;
        rtx[12] = 0;
        rtx[13] = 22; // OSN
        System.arraycopy(original, 12, rtx, 14, original.length - 12);
        byte[] repaired = unprotectedTo(carol, receiveBatch(erin, rtx));
        ByteBuf packet = Unpooled.wrappedBuffer(repaired);
        assertThat(packet.getInt(8)).isEqualTo(SLOT_VIDEO);
        assertThat(packet.getUnsignedByte(1) & 0x7F).isEqualTo(96);
        assertThat(packet.getUnsignedShort(2)).isEqualTo((keySequence + 1) & 0xFFFF);
        assertThat(java.util.Arrays.copyOfRange(repaired, 12, repaired.length))
                .isEqualTo(java.util.Arrays.copyOfRange(original, 12, original.length));
        assertThat(room.count(FanoutCounter.RTP_REPAIR_RECEIVED)).isEqualTo(1);
    }

    @Test
    void simulcastLayersAreLearntFromTheirRids() {
        Browser dave = simulcastPublisher("q", "f");
        receiveBatch(dave, rtp(0x0D0D0001, 1, 20, ridExtensions("q")));
        receiveBatch(dave, rtp(0x0D0D0002, 1, 20, ridExtensions("f")));
        assertThat(room.count(FanoutCounter.RTP_RID_LEARNED)).isEqualTo(2);
        assertThat(room.stream(0x0D0D0001).layer).isZero();
        assertThat(room.stream(0x0D0D0002).layer).isEqualTo(1);
        // A RID that is not offered teaches nothing.
        receiveBatch(dave, rtp(0x0D0D0003, 1, 20, ridExtensions("x")));
        assertThat(room.stream(0x0D0D0003)).isNull();
    }

    @Test
    void aLayerIsSuspendedOnlyAfterItStartedAndWentUnused() {
        Browser dave = simulcastPublisher("q", "h", "f");
        // Carol shows Dave in a thumbnail: only his lowest layer is wanted.
        carol.member.slots().view(new SubscriberSlots.View(List.of(), Map.of("dave", 180), 0));
        String q = ridExtensions("q");
        String h = ridExtensions("h");
        // Dave's encoder sends only q for longer than the suspension delay, as Chromium does while its
        // bandwidth estimate is still too low for its larger layers: h and f have not started, so they cannot
        // have been unused, and stay asked for (suspended, they would never start and never be offered).
        int seq = 0;
        for (int i = 0; i < 70; i++) {
            receiveBatch(dave, rtp(0x0D0D0001, ++seq, 20, q));
            tick();
        }
        MediaSource source = room.stream(0x0D0D0001).source;
        assertThat(source.activeLayerMask()).isEqualTo(0b111);
        assertThat(layerMasks).isEmpty();
        // h starts; nobody wants it, and 5 s after its first packet it is suspended. f, still not started, is not.
        receiveBatch(dave, rtp(0x0D0D0002, 1, 20, h));
        for (int i = 0; i < 49; i++) {
            receiveBatch(dave, rtp(0x0D0D0001, ++seq, 20, q));
            tick();
        }
        assertThat(layerMasks).isEmpty();
        for (int i = 0; i < 3; i++) {
            receiveBatch(dave, rtp(0x0D0D0001, ++seq, 20, q));
            tick();
        }
        assertThat(layerMasks).containsExactly(0b101);
    }

    @Test
    void aLayerAskedForAgainIsWaitedForAndNotSwappedForAnotherBeforeItsFirstPacket() {
        Browser dave = simulcastPublisher("q", "h", "f");
        // Carol shows Dave on her stage: f is wanted; q and h, sent but unused, are suspended 5 s later.
        carol.member.slots().view(new SubscriberSlots.View(List.of(), Map.of("dave", 720), 0));
        int seq = 0;
        receiveBatch(dave, simulcastVp8(0x0D0D0001, ++seq, "q", 320, 180));
        receiveBatch(dave, simulcastVp8(0x0D0D0002, ++seq, "h", 640, 360));
        receiveBatch(dave, simulcastVp8(0x0D0D0003, ++seq, "f", 1280, 720));
        for (int i = 0; i < 60; i++) {
            receiveBatch(dave, simulcastVp8(0x0D0D0003, ++seq, "f", 1280, 720));
            tick();
        }
        Slot slot = carol.member.slots().video[0];
        assertThat(slot.layer).isEqualTo(2);
        assertThat(layerMasks).last().isEqualTo(0b100);
        layerMasks.clear();
        // Dave's page stopped q and h. Carol now shows him in a thumbnail: q, the layer that fits, is asked for
        // again, and the slot waits for it while Dave's encoder restarts it (here 1.5 s, under the grace), not
        // switching to h (resuming that in turn) or back to f on the next tick because q has not sent yet.
        carol.member.slots().view(new SubscriberSlots.View(List.of(), Map.of("dave", 180), 0));
        for (int i = 0; i < 15; i++) {
            receiveBatch(dave, simulcastVp8(0x0D0D0003, ++seq, "f", 1280, 720));
            tick();
            assertThat(slot.layer).as("the slot's layer %d ms after the view changed", (i + 1) * 100).isZero();
        }
        assertThat(layerMasks).containsExactly(0b101);
        // q's first key frame: the slot carries q.
        receiveBatch(dave, simulcastVp8(0x0D0D0001, ++seq, "q", 320, 180));
        tick();
        receiveBatch(dave, simulcastVp8(0x0D0D0001, ++seq, "q", 320, 180));
        assertThat(carol.member.slots().videoHeight(0)).isEqualTo(180);
        assertThat(slot.layer).isZero();
    }

    @Test
    void aTopLayerSentSmallCountsAtTheRateOfItsHeightBeforeItIsMeasured() {
        Browser dave = simulcastPublisher("q", "h", "f");
        Slot slot = carol.member.slots().video[0];
        // Carol shows Dave in a 180 px tile within the estimator's first 1 Mbit/s. His encoder sends q at 90p
        // and, briefly, h at 180p; then h stops (its encoder, short of CPU, dropped it) and the slot keeps q.
        carol.member.slots().view(new SubscriberSlots.View(List.of(), Map.of("dave", 180), 0));
        int seq = 0;
        receiveBatch(dave, simulcastVp8(0x0D0D0002, ++seq, "h", 320, 180));
        for (int i = 0; i < 20; i++) {
            receiveBatch(dave, simulcastVp8(0x0D0D0001, ++seq, "q", 160, 90));
            tick();
        }
        assertThat(slot.layer).isZero();
        // Its top layer f comes in at 180p. It fits the tile, and before a whole second of it is measured it
        // counts as a 180p layer (150 kbit/s), not as the 720p one its rank says (1.5 Mbit/s, which the budget
        // cannot carry): the slot goes up to f at once.
        for (int i = 0; i < 5; i++) {
            receiveBatch(dave, simulcastVp8(0x0D0D0001, ++seq, "q", 160, 90));
            receiveBatch(dave, simulcastVp8(0x0D0D0003, ++seq, "f", 320, 180));
            tick();
        }
        assertThat(slot.layer).isEqualTo(2);
        receiveBatch(dave, simulcastVp8(0x0D0D0003, ++seq, "f", 320, 180));
        assertThat(carol.member.slots().videoHeight(0)).isEqualTo(180);
    }

    @Test
    void aLayerSwitchOfTheSameSourceIsReportedWithItsHeight() {
        Browser dave = simulcastPublisher("q", "h");
        carol.member.slots().view(new SubscriberSlots.View(List.of(), Map.of("dave", 180), 0));
        // Both layers start with a key frame: q at 320x180, h at 640x360.
        receiveBatch(dave, simulcastVp8(0x0D0D0001, 1, "q", 320, 180));
        receiveBatch(dave, simulcastVp8(0x0D0D0002, 1, "h", 640, 360));
        tick();
        receiveBatch(dave, simulcastVp8(0x0D0D0001, 2, "q", 320, 180));
        assertThat(carol.member.slots().videoHeight(0)).isEqualTo(180);
        tick();
        assertThat(changed).contains(carol.member);
        changed.clear();
        // Carol makes Dave's tile 360 px high: the slot moves to h at its next key frame, and Carol is told,
        // though the participant is the same: the height is what tells a page its stage from a thumbnail.
        carol.member.slots().view(new SubscriberSlots.View(List.of(), Map.of("dave", 360), 0));
        tick();
        receiveBatch(dave, simulcastVp8(0x0D0D0002, 2, "h", 640, 360));
        assertThat(carol.member.slots().videoSource(0).publisher()).isSameAs(dave.member);
        assertThat(carol.member.slots().videoHeight(0)).isEqualTo(360);
        tick();
        assertThat(changed).contains(carol.member);
    }

    private void tick() {
        clock.advance(Duration.ofMillis(100));
        fanout.onTimeout(clock.nanos());
        channel.flushOutbound();
        drainOutboundInOrder();
    }

    /** An Opus packet (PT 111) with the RFC 6464 level {@code level} (-dBov) as ID 1. */
    private byte[] audio(int ssrc, int seq, int level) {
        byte[] packet = rtp(ssrc, seq, 40, "bede0001" + "10" + String.format("%02x", level) + "0000");
        packet[1] = 111;
        return packet;
    }

    /** A VP8 packet with a 15-bit PictureID, TL0PICIDX and TID; a key frame's header at 640x360 if asked. */
    private byte[] vp8(int ssrc, int seq, boolean keyFrame) {
        String descriptor = "90" + "e0" + String.format("%04x", 0x8000 | pictureId++) + "05" + "40";
        String frame = keyFrame ? "502e00" + "9d012a" + "8002" + "6801" : "512e00";
        byte[] payload = ByteBufUtil.decodeHexDump(descriptor + frame);
        byte[] packet = rtp(ssrc, seq, payload.length);
        System.arraycopy(payload, 0, packet, 12, payload.length);
        return packet;
    }

    /** Dave, who publishes one camera on mid "1" as simulcast layers with {@code rids}, learnt from their packets. */
    private Browser simulcastPublisher(String... rids) {
        Browser dave = join("dave", 4, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        dave.member.negotiated(SdpParser.parse(publisherSdp("recvonly", 0, 0)),
                SdpParser.parse(publisherSdp("sendonly", 0x0D0D0000, 0)));
        room.declareSources(dave.member, List.of(new SourceDeclaration(MediaSource.Kind.VIDEO, "1", false, List.of(),
                List.of(), List.of(rids))));
        return dave;
    }

    /** A one-byte extension block of two words: MID "1" (ID 4), RID {@code rid} (ID 10), four bytes of padding. */
    private static String ridExtensions(String rid) {
        return "bede0002" + "40" + hex("1") + "a0" + hex(rid) + "00000000";
    }

    /** A VP8 key frame's first packet of {@code width} x {@code height} on the layer with RID {@code rid} (mid "1"). */
    private byte[] simulcastVp8(int ssrc, int seq, String rid, int width, int height) {
        String descriptor = "90" + "e0" + String.format("%04x", 0x8000 | pictureId++) + "05" + "40";
        String frame = "502e00" + "9d012a" + String.format("%02x%02x%02x%02x", width & 0xFF, width >> 8,
                height & 0xFF, height >> 8);
        byte[] payload = ByteBufUtil.decodeHexDump(descriptor + frame);
        byte[] packet = rtp(ssrc, seq, payload.length, ridExtensions(rid));
        System.arraycopy(payload, 0, packet, packet.length - payload.length, payload.length);
        return packet;
    }

    private static int pictureIdOf(byte[] plain) {
        return ByteBufUtil.decodeHexDump(ByteBufUtil.hexDump(plain, 14, 2))[0] << 8 & 0x7F00 | plain[15] & 0xFF;
    }

    private int slotPacketTo(Browser to, Map<java.net.InetSocketAddress, byte[]> out) {
        byte[] plain = unprotectedTo(to, out);
        ByteBuf packet = Unpooled.wrappedBuffer(plain);
        assertThat(packet.getInt(8)).isEqualTo(SLOT_AUDIO);
        return packet.getUnsignedShort(2);
    }

    private static byte[] unprotectedTo(Browser to, Map<java.net.InetSocketAddress, byte[]> out) {
        assertThat(out).containsKey(to.address);
        return to.unprotectRtp(out.get(to.address));
    }
}
