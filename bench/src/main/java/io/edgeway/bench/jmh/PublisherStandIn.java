package io.edgeway.bench.jmh;

import io.edgeway.bench.sfu.media.SendExtensions;
import io.edgeway.bench.sfu.sdp.RemoteSdp;
import io.edgeway.core.media.rtcp.FeedbackFlyweight;
import io.edgeway.core.media.rtcp.RtcpPacketType;
import io.edgeway.core.media.rtp.RtpHeaderExtensionWriter;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.SdpWriter;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.SplittableRandom;

/**
 * The browser that publishes in {@link SlotSession}: what Chromium sends for a microphone and a camera
 * with three simulcast encodings, protected with the browser's SRTP session.
 *
 * <ul>
 *   <li><b>Audio</b>: 20 ms Opus packets of 80 octets (32 kbit/s speech) on the SSRC of the captured
 *       offer, each with its RFC 6464 level (voice, -20 dBov: the loudest and so the dominant speaker).</li>
 *   <li><b>Video</b>: VP8 (RFC 7741) at 30 frames/s on three RID layers (RFC 8852) of its own SSRC, learnt by
 *       the SFU from MID and RID: q 320x180 (one 560-octet packet a frame, about 140 kbit/s), h 640x360 (two
 *       of 1000, about 500 kbit/s), f 1280x720 (four of 1100, about 1.1 Mbit/s), as Chromium splits frames
 *       at about 1,100 octets. Each packet carries the extended descriptor Chromium writes (15-bit PictureID,
 *       TL0PICIDX, TID 0 with Y), the first of a frame the S bit and the frame tag, a key frame's the start
 *       code and size; the last the marker. A key frame (four times the packets) comes every 90 frames and
 *       as the next frame of a layer the SFU sent a PLI for.</li>
 * </ul>
 * Every packet has the next sequence number and, per frame, the next timestamp, PictureID and TL0PICIDX
 * of its stream, and the next transport-wide sequence number; the header extensions are those the SFU's
 * answer accepted, written by the load harness's {@link SendExtensions}. Confined to the benchmark thread.
 */
final class PublisherStandIn {

    /** What the publisher sends one packet of. */
    enum Feed { AUDIO, LOW_LAYER, MIDDLE_LAYER, TOP_LAYER }

    static final long AUDIO_INTERVAL_NANOS = 20_000_000L;
    static final long FRAME_INTERVAL_NANOS = 1_000_000_000L / 30;
    static final int AUDIO_PAYLOAD = 80;
    /** RFC 6464: V set, level 20 (-20 dBov): speech, loud. */
    static final int SPEAKING = 0x80 | 20;
    static final int FRAMES_PER_KEY = 90;
    static final int KEY_FACTOR = 4;
    /** The largest packet written (a VP8 fragment with its headers) plus the SRTP trailer. */
    private static final int MAX_PACKET = 1280;
    private static final int AUDIO_SAMPLES_PER_PACKET = 960;
    private static final int VIDEO_TICKS_PER_FRAME = 3000;

    /** One simulcast encoding and the numbering of its stream. */
    static final class Layer {
        final String rid;
        final ByteBuf ridBytes;
        final int ssrc;
        final int packetsPerFrame;
        final int fragment;
        final int width;
        final int height;
        int sequence;
        long timestamp;
        int pictureId;
        int tl0PicIdx;
        long frames;
        int packetInFrame;
        boolean keyNeeded = true;
        private boolean key;

        Layer(String rid, int ssrc, int packetsPerFrame, int fragment, int width, int height, SplittableRandom random) {
            this.rid = rid;
            this.ridBytes = SendExtensions.ascii(rid);
            this.ssrc = ssrc;
            this.packetsPerFrame = packetsPerFrame;
            this.fragment = fragment;
            this.width = width;
            this.height = height;
            this.sequence = random.nextInt(0x10000);
            this.timestamp = random.nextInt() & 0xFFFFFFFFL;
            this.pictureId = random.nextInt(0x8000);
            this.tl0PicIdx = random.nextInt(0x100);
        }

        /** Packets in the frame being sent. */
        int packetsInFrame() {
            return key ? packetsPerFrame * KEY_FACTOR : packetsPerFrame;
        }
    }

    private final ByteBufAllocator alloc;
    private final SrtpSession send;
    private final SrtpSession receive;
    private final int audioSsrc;
    private final int opus;
    private final int vp8;
    private final SendExtensions audioExtensions;
    private final SendExtensions videoExtensions;
    private final RtpHeaderExtensionWriter writer = new RtpHeaderExtensionWriter();
    private final byte[] fill = new byte[MAX_PACKET];
    final Layer[] layers;
    private int audioSequence;
    private long audioTimestamp;
    private int transportSequence;

    /**
     * @param answer the SFU's answer to the publisher's offer: its first section audio, its second video
     * @param send the browser's outbound session (the DTLS client's write keys)
     * @param receive the browser's inbound session, for the PLIs the SFU sends
     */
    PublisherStandIn(ByteBufAllocator alloc, SessionDescription answer, int audioSsrc, SrtpSession send,
            SrtpSession receive, SplittableRandom random) {
        this.alloc = alloc;
        this.send = send;
        this.receive = receive;
        this.audioSsrc = audioSsrc;
        MediaDescription audio = answer.media().get(0);
        MediaDescription video = answer.media().get(1);
        this.opus = audio.firstFormat("opus", 48_000).payloadType();
        this.vp8 = video.firstFormat("VP8", 90_000).payloadType();
        RemoteSdp accepted = RemoteSdp.parse(SdpWriter.write(answer));
        this.audioExtensions = SendExtensions.of(accepted.sections().get(0));
        this.videoExtensions = SendExtensions.of(accepted.sections().get(1));
        random.nextBytes(fill);
        this.layers = new Layer[] {
            new Layer("q", random.nextInt(), 1, 560, 320, 180, random),
            new Layer("h", random.nextInt(), 2, 1000, 640, 360, random),
            new Layer("f", random.nextInt(), 4, 1100, 1280, 720, random)};
        this.audioSequence = random.nextInt(0x10000);
        this.audioTimestamp = random.nextInt() & 0xFFFFFFFFL;
    }

    Layer layer(Feed feed) {
        return switch (feed) {
            case LOW_LAYER -> layers[0];
            case MIDDLE_LAYER -> layers[1];
            case TOP_LAYER -> layers[2];
            case AUDIO -> throw new IllegalArgumentException("audio has no layer");
        };
    }

    /** The time from this packet of {@code feed} to its next one. */
    long intervalNanos(Feed feed) {
        return feed == Feed.AUDIO ? AUDIO_INTERVAL_NANOS : FRAME_INTERVAL_NANOS / layer(feed).packetsInFrame();
    }

    /**
     * The next packet of {@code feed}, SRTP-protected, in a buffer of the port's allocator (as the socket
     * reads it); the caller owns it.
     */
    ByteBuf next(Feed feed, long nowNanos) {
        ByteBuf out = alloc.directBuffer(MAX_PACKET);
        if (feed == Feed.AUDIO) {
            RtpHeaderFlyweight.writeFixedHeader(out, false, opus, audioSequence, audioTimestamp, audioSsrc);
            extensions(out, audioExtensions, SPEAKING, nowNanos, null);
            out.writeBytes(fill, 0, AUDIO_PAYLOAD);
            audioSequence = (audioSequence + 1) & 0xFFFF;
            audioTimestamp = (audioTimestamp + AUDIO_SAMPLES_PER_PACKET) & 0xFFFFFFFFL;
        } else {
            writeVp8(out, layer(feed), nowNanos);
        }
        SrtpResult result = send.protectRtp(out);
        if (result != SrtpResult.OK) {
            out.release();
            throw new IllegalStateException("the publisher's SRTP refused its own packet: " + result);
        }
        return out;
    }

    private void writeVp8(ByteBuf out, Layer layer, long nowNanos) {
        boolean first = layer.packetInFrame == 0;
        if (first) {
            layer.key = layer.keyNeeded || layer.frames % FRAMES_PER_KEY == 0;
            layer.keyNeeded = false;
        }
        boolean last = layer.packetInFrame == layer.packetsInFrame() - 1;
        RtpHeaderFlyweight.writeFixedHeader(out, last, vp8, layer.sequence, layer.timestamp, layer.ssrc);
        extensions(out, videoExtensions, -1, nowNanos, layer.ridBytes);
        int payload = out.writerIndex();
        // RFC 7741 §4.2: X, S on the frame's first packet, partition 0; I L T; M + 15-bit PictureID;
        // TL0PICIDX; TID 0 with Y (a base layer frame that depends only on base layer frames).
        out.writeByte(0x80 | (first ? 0x10 : 0));
        out.writeByte(0xE0);
        out.writeShort(0x8000 | layer.pictureId);
        out.writeByte(layer.tl0PicIdx);
        out.writeByte(0x20);
        if (first) {
            // RFC 6386 §9.1: frame tag (P=0 for a key frame, version 0, show_frame, first partition size).
            int size = layer.fragment * layer.packetsInFrame();
            int tag = (layer.key ? 0 : 1) | (1 << 4) | (Math.min(size / 4, 0x7FFFF) << 5);
            out.writeByte(tag).writeByte(tag >>> 8).writeByte(tag >>> 16);
            if (layer.key) {
                out.writeByte(0x9D).writeByte(0x01).writeByte(0x2A);
                out.writeShortLE(layer.width).writeShortLE(layer.height);
            }
        }
        out.writeBytes(fill, 0, payload + layer.fragment - out.writerIndex());
        layer.sequence = (layer.sequence + 1) & 0xFFFF;
        if (last) {
            layer.packetInFrame = 0;
            layer.frames++;
            layer.pictureId = (layer.pictureId + 1) & 0x7FFF;
            // Every frame is a base layer (TID 0) frame: RFC 7741 §4.2 increments TL0PICIDX for each.
            layer.tl0PicIdx = (layer.tl0PicIdx + 1) & 0xFF;
            layer.timestamp = (layer.timestamp + VIDEO_TICKS_PER_FRAME) & 0xFFFFFFFFL;
        } else {
            layer.packetInFrame++;
        }
    }

    private void extensions(ByteBuf out, SendExtensions extensions, int level, long nowNanos, ByteBuf rid) {
        if (extensions.write(writer, out, level, transportSequence, nowNanos, rid, false)) {
            out.setByte(0, out.getByte(0) | 0x10);
        }
        transportSequence = (transportSequence + 1) & 0xFFFF;
    }

    /**
     * An SRTCP packet the SFU sent the publisher (borrowed): a PLI (RFC 4585 §6.3.1) for one of its layers
     * makes that layer's next frame a key frame, as Chromium does. Transport-wide feedback and reports are
     * read and ignored.
     */
    void onRtcp(ByteBuf packet) {
        if (receive.unprotectRtcp(packet) != SrtpResult.OK) {
            throw new IllegalStateException("the SFU's RTCP to the publisher did not authenticate");
        }
        int at = packet.readerIndex();
        if (packet.readableBytes() >= FeedbackFlyweight.MEDIA_SSRC_OFFSET + 4
                && packet.getUnsignedByte(at + 1) == RtcpPacketType.PSFB
                && (packet.getUnsignedByte(at) & 0x1F) == RtcpPacketType.FMT_PLI) {
            int media = packet.getInt(at + FeedbackFlyweight.MEDIA_SSRC_OFFSET);
            for (Layer layer : layers) {
                if (layer.ssrc == media) {
                    layer.keyNeeded = true;
                }
            }
        }
    }
}
