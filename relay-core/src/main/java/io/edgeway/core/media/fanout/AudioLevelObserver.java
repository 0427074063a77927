package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtp.AudioLevel;
import io.edgeway.core.media.rtp.RtpHeaderExtensions;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.netty.buffer.ByteBuf;

/**
 * Reads the RFC 6464 audio level of each RTP packet a member publishes, by the extension ID the stream's
 * section negotiated (else the member's own), into its {@link SpeechLevel}. The header extension is not encrypted by SRTP (RFC 3711
 * §3.1; RFC 6904 header encryption is not negotiated), so the level could be read before decryption; it
 * is read after, so that only authenticated packets of the SSRC's publisher count.
 *
 * <p>One per {@link MediaRoom}, confined to its event loop (two reusable flyweights); allocation-free.
 * The packet is borrowed and not modified.
 */
final class AudioLevelObserver {

    private final RtpHeaderFlyweight rtp = new RtpHeaderFlyweight();
    private final RtpHeaderExtensions extensions = new RtpHeaderExtensions();

    /**
     * @param packet an unprotected RTP packet in its readable bytes, whose header SRTP already checked;
     *     one without the audio level element (video, or a member that negotiated none) changes nothing
     */
    void observe(long nowNanos, PublishedStream stream, ByteBuf packet) {
        SpeechLevel speech = stream.publisher.speech();
        int id = stream.audioLevelId();
        if (id == 0) {
            return;
        }
        rtp.wrap(packet);
        if (!rtp.extension()) {
            return;
        }
        extensions.wrap(rtp);
        if (extensions.form() == RtpHeaderExtensions.FORM_NONE) {
            return;
        }
        int raw = AudioLevel.find(extensions, id);
        if (raw != AudioLevel.NOT_PRESENT) {
            speech.observe(nowNanos, AudioLevel.level(raw));
        }
    }
}
