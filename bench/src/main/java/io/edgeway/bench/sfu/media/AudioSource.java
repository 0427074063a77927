package io.edgeway.bench.sfu.media;

import io.edgeway.bench.sfu.sdp.LocalSdp;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * An unmuted microphone as Chromium sends it: Opus every 20 ms (RTP clock 48 kHz, 960 per packet, no
 * DTX) with the RFC 6464 audio level. A speaker talks in spurts (1 to 4 s at -25 to -40 dBov with the
 * voice-activity bit, then 0.5 to 2 s of background at -90 dBov and below); a silent participant's
 * microphone sends -127 dBov. A muted participant has no running source (the SDK replaces a muted
 * track with none: nothing is sent). Payloads: a SILK-wideband 20 ms TOC byte, filler, the
 * {@link Marker}. Confined to its event loop.
 */
public final class AudioSource extends PacedSender.Event {

    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int TALK_BYTES = 80;
    private static final int QUIET_BYTES = 24;
    /** Opus TOC: config 9 (SILK WB 20 ms), mono, one frame. */
    private static final int TOC = 9 << 3;

    private final MediaLoop media;
    private final PacedSender pacer;
    private final int sender;
    private final boolean speaker;
    private final RandomGenerator random;
    final int ssrc;
    private PeerLink link;
    private SendExtensions extensions;
    private int seq;
    private long timestamp;
    private int number;
    private boolean talking;
    private long spurtEnds;
    private boolean running;
    long packets;
    long octets;

    public AudioSource(MediaLoop media, PacedSender pacer, int sender, int ssrc, boolean speaker, RandomGenerator random) {
        this.media = media;
        this.pacer = pacer;
        this.sender = sender;
        this.ssrc = ssrc;
        this.speaker = speaker;
        this.random = random;
        this.seq = random.nextInt(0x10000);
        this.timestamp = random.nextInt() & 0xFFFFFFFFL;
    }

    /** Starts sending on {@code link} (its answer accepted the section); on the loop. */
    public void start(PeerLink link, SendExtensions extensions, long now) {
        this.link = link;
        this.extensions = extensions;
        if (!running) {
            running = true;
            // Spread the participants' packets over the 20 ms period.
            pacer.schedule(this, now + (long) (random.nextDouble() * PERIOD_NANOS));
        }
    }

    public void stop() {
        running = false;
    }

    @Override
    protected void fire(long now, long lateNanos) {
        if (!running) {
            return;
        }
        pacer.schedule(this, due + PERIOD_NANOS);
        media.recordSend(lateNanos);
        if (speaker && now >= spurtEnds) {
            talking = !talking;
            spurtEnds = now + (talking ? TimeUnit.MILLISECONDS.toNanos(1000 + random.nextInt(3000))
                    : TimeUnit.MILLISECONDS.toNanos(500 + random.nextInt(1500)));
        }
        // RFC 6464 §3: V bit, then the level in -dBov (0 loudest, 127 silence).
        int level = !speaker ? 127 : talking ? 0x80 | (25 + random.nextInt(15)) : 90 + random.nextInt(30);
        int size = talking ? TALK_BYTES : QUIET_BYTES;
        PacketBuffer p = media.send;
        ByteBuf out = p.clear();
        RtpHeaderFlyweight.writeFixedHeader(out, false, LocalSdp.OPUS, seq, timestamp, ssrc);
        if (extensions.write(media.extensionWriter, out, level, link.nextTransportSeq(), now, null, false)) {
            out.setByte(0, out.getByte(0) | 0x10);
        }
        int payload = out.writerIndex();
        out.writeByte(TOC);
        out.writerIndex(payload + size);
        Marker.write(p.array(), payload + size - Marker.LENGTH, sender, number++, now);
        p.commit();
        seq = (seq + 1) & 0xFFFF;
        timestamp = (timestamp + 960) & 0xFFFFFFFFL;
        packets++;
        octets += size;
        link.sendRtp(p);
    }

    public long rtpTimestamp() {
        return timestamp;
    }

    public int ssrc() {
        return ssrc;
    }

    public long packets() {
        return packets;
    }

    public long octets() {
        return octets;
    }
}
