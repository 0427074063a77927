package io.edgeway.bench.sfu.media;

import io.edgeway.bench.sfu.sdp.LocalSdp;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * A camera as Chromium sends it with VP8 (RFC 7741) at 30 frames per second: one layer, or simulcast
 * layers each on its own SSRC with its RID (RFC 8852) and an RTX SSRC (RFC 4588). Every frame is split
 * into packets of at most {@link #MAX_FRAGMENT} bytes, each with the payload descriptor Chromium writes
 * (extended: 15-bit PictureID, TL0PICIDX, TID 0 with Y), the first with the S bit and the VP8 frame tag
 * (key frames with the start code and size), the last with the RTP marker bit. A key frame is about four
 * times a delta frame; one comes every 3 s and after a PLI or FIR for the layer. NACKed packets are sent
 * again from a 256-packet history, on the RTX SSRC when RTX was negotiated. Confined to its event loop.
 */
public final class VideoSource extends PacedSender.Event {

    static final long FRAME_NANOS = TimeUnit.SECONDS.toNanos(1) / 30;
    static final int FRAMES_PER_KEY = 90;
    static final int KEY_FACTOR = 4;
    static final int MAX_FRAGMENT = 1100;
    private static final int HISTORY = 256;
    private static final int DESCRIPTOR = 6;

    /** One encoding: its SSRCs, RID, bitrate and numbering, and what it sent lately. */
    public static final class Layer {
        final int ssrc;
        final int rtxSsrc;
        final String rid;
        final ByteBuf ridBytes;
        final int bitrate;
        final int width;
        final int height;
        int seq;
        int rtxSeq;
        int pictureId;
        int tl0;
        long frames;
        boolean keyNeeded = true;
        long timestamp;
        long packets;
        long octets;
        final byte[][] history = new byte[HISTORY][];
        final int[] historyLength = new int[HISTORY];
        final int[] historySeq = new int[HISTORY];
        final int[] historyPayload = new int[HISTORY];

        Layer(int ssrc, int rtxSsrc, String rid, int bitrate, int width, int height, RandomGenerator random) {
            this.ssrc = ssrc;
            this.rtxSsrc = rtxSsrc;
            this.rid = rid;
            this.ridBytes = rid == null ? null : SendExtensions.ascii(rid);
            this.bitrate = bitrate;
            this.width = width;
            this.height = height;
            this.seq = random.nextInt(0x10000);
            this.rtxSeq = random.nextInt(0x10000);
            this.pictureId = random.nextInt(0x8000);
            this.timestamp = random.nextInt() & 0xFFFFFFFFL;
            for (int i = 0; i < HISTORY; i++) {
                historySeq[i] = -1;
            }
        }

        public int ssrc() {
            return ssrc;
        }

        public int rtxSsrc() {
            return rtxSsrc;
        }

        public String rid() {
            return rid;
        }

        public long timestamp() {
            return timestamp;
        }

        public long packets() {
            return packets;
        }

        public long octets() {
            return octets;
        }
    }

    private final MediaLoop media;
    private final PacedSender pacer;
    private final int sender;
    private final RandomGenerator random;
    private final Layer[] layers;
    private PeerLink link;
    private SendExtensions extensions;
    private int payloadType = LocalSdp.VP8;
    private int rtxPayloadType = -1;
    private int number;
    private boolean running;

    public VideoSource(MediaLoop media, PacedSender pacer, int sender, List<Layer> layers, RandomGenerator random) {
        this.media = media;
        this.pacer = pacer;
        this.sender = sender;
        this.layers = layers.toArray(new Layer[0]);
        this.random = random;
    }

    /**
     * The layers for {@code count} encodings (1: no simulcast) with the top one at {@code bitrate} and
     * 960x540; lower ones at half the size and a third of the bitrate each, lowest first ("q", "h", "f").
     */
    public static List<Layer> layers(int count, int bitrate, RandomGenerator random) {
        String[] rids = {"q", "h", "f"};
        Layer[] out = new Layer[count];
        for (int i = 0; i < count; i++) {
            int below = count - 1 - i;
            int rate = (int) (bitrate / Math.pow(3, below));
            out[i] = new Layer(random.nextInt(), random.nextInt(), count == 1 ? null : rids[3 - count + i], rate,
                    960 >> below, 540 >> below, random);
        }
        return List.of(out);
    }

    public List<Layer> layerList() {
        return List.of(layers);
    }

    /** Starts sending on {@code link} with the payload types its answer kept; on the loop. */
    public void start(PeerLink link, SendExtensions extensions, int payloadType, int rtxPayloadType, long now) {
        this.link = link;
        this.extensions = extensions;
        this.payloadType = payloadType;
        this.rtxPayloadType = rtxPayloadType;
        if (!running) {
            running = true;
            pacer.schedule(this, now + (long) (random.nextDouble() * FRAME_NANOS));
        }
    }

    public void stop() {
        running = false;
    }

    /** A PLI or FIR for one of our SSRCs: that layer's next frame is a key frame. */
    public boolean keyframeRequested(int ssrc) {
        for (Layer l : layers) {
            if (l.ssrc == ssrc) {
                l.keyNeeded = true;
                return true;
            }
        }
        return false;
    }

    @Override
    protected void fire(long now, long lateNanos) {
        if (!running) {
            return;
        }
        pacer.schedule(this, due + FRAME_NANOS);
        media.recordSend(lateNanos);
        for (Layer layer : layers) {
            sendFrame(layer, now);
        }
    }

    private void sendFrame(Layer layer, long now) {
        boolean key = layer.keyNeeded || layer.frames % FRAMES_PER_KEY == 0;
        layer.keyNeeded = false;
        long bytesPerKeyPeriod = (long) layer.bitrate * FRAMES_PER_KEY / 30 / 8;
        int delta = (int) (bytesPerKeyPeriod / (FRAMES_PER_KEY - 1 + KEY_FACTOR));
        int size = key ? delta * KEY_FACTOR : delta;
        int count = (size + MAX_FRAGMENT - 1) / MAX_FRAGMENT;
        int fragment = size / count;
        if (key) {
            layer.tl0 = (layer.tl0 + 1) & 0xFF;
        }
        for (int i = 0; i < count; i++) {
            boolean first = i == 0;
            boolean last = i == count - 1;
            PacketBuffer p = media.send;
            ByteBuf out = p.clear();
            RtpHeaderFlyweight.writeFixedHeader(out, last, payloadType, layer.seq, layer.timestamp, layer.ssrc);
            if (extensions.write(media.extensionWriter, out, -1, link.nextTransportSeq(), now, layer.ridBytes, false)) {
                out.setByte(0, out.getByte(0) | 0x10);
            }
            int payload = out.writerIndex();
            // RFC 7741 §4.2: X, S on the frame's first packet, partition 0; I L T; M + 15-bit PictureID;
            // TL0PICIDX; TID 0 with Y (a base layer frame that depends only on base layer frames).
            out.writeByte(0x80 | (first ? 0x10 : 0));
            out.writeByte(0xE0);
            out.writeShort(0x8000 | layer.pictureId);
            out.writeByte(layer.tl0);
            out.writeByte(0x20);
            if (first) {
                // RFC 6386 §9.1: frame tag (P=0 for a key frame, version 0, show_frame, first partition size).
                int tag = (key ? 0 : 1) | (1 << 4) | (Math.min(size / 4, 0x7FFFF) << 5);
                out.writeByte(tag).writeByte(tag >>> 8).writeByte(tag >>> 16);
                if (key) {
                    out.writeByte(0x9D).writeByte(0x01).writeByte(0x2A);
                    out.writeShortLE(layer.width).writeShortLE(layer.height);
                }
            }
            int end = Math.max(out.writerIndex() + Marker.LENGTH, payload + DESCRIPTOR + fragment);
            out.writerIndex(end);
            Marker.write(p.array(), end - Marker.LENGTH, sender, number++, now);
            p.commit();
            remember(layer, p, payload);
            layer.seq = (layer.seq + 1) & 0xFFFF;
            layer.packets++;
            layer.octets += end - payload;
            link.sendRtp(p);
        }
        layer.pictureId = (layer.pictureId + 1) & 0x7FFF;
        layer.timestamp = (layer.timestamp + 3000) & 0xFFFFFFFFL;
        layer.frames++;
    }

    private static void remember(Layer layer, PacketBuffer p, int payloadOffset) {
        int slot = layer.seq & (HISTORY - 1);
        if (layer.history[slot] == null) {
            layer.history[slot] = new byte[PacketBuffer.CAPACITY];
        }
        System.arraycopy(p.array(), 0, layer.history[slot], 0, p.length());
        layer.historyLength[slot] = p.length();
        layer.historySeq[slot] = layer.seq;
        layer.historyPayload[slot] = payloadOffset;
    }

    /** A NACK for packet {@code seq} of {@code ssrc}: send it again (RFC 4588 when RTX was negotiated). */
    public boolean retransmit(int ssrc, int seq, long now) {
        Layer layer = null;
        for (Layer l : layers) {
            if (l.ssrc == ssrc) {
                layer = l;
            }
        }
        if (layer == null || !running) {
            return false;
        }
        int slot = seq & (HISTORY - 1);
        if (layer.historySeq[slot] != seq) {
            return false;
        }
        byte[] original = layer.history[slot];
        int length = layer.historyLength[slot];
        int payload = layer.historyPayload[slot];
        PacketBuffer p = media.send;
        ByteBuf out = p.clear();
        if (rtxPayloadType < 0) {
            out.writeBytes(original, 0, length);
        } else {
            boolean marker = (original[1] & 0x80) != 0;
            long timestamp = Marker.getInt(original, 4) & 0xFFFFFFFFL;
            RtpHeaderFlyweight.writeFixedHeader(out, marker, rtxPayloadType, layer.rtxSeq, timestamp, layer.rtxSsrc);
            layer.rtxSeq = (layer.rtxSeq + 1) & 0xFFFF;
            if (extensions.write(media.extensionWriter, out, -1, link.nextTransportSeq(), now, layer.ridBytes, true)) {
                out.setByte(0, out.getByte(0) | 0x10);
            }
            out.writeShort(seq); // RFC 4588 §4: the original sequence number
            out.writeBytes(original, payload, length - payload);
        }
        p.commit();
        media.retransmitted.increment();
        return link.sendRtp(p);
    }
}
