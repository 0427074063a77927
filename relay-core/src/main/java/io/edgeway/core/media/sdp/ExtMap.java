package io.edgeway.core.media.sdp;

/**
 * An {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]} line (RFC 8285 §5): which RTP header
 * extension a local identifier stands for.
 *
 * @param id 1..255 (RFC 8285 §5: 1-14 fit the one-byte header form, 15 is reserved there, up to 255
 *     need the two-byte form)
 * @param direction null when absent (the extension then goes both ways)
 * @param attributes the extension attributes after the URI, or null
 */
public record ExtMap(int id, Direction direction, String uri, String attributes) {

    /** RFC 8843 (BUNDLE): the m= section's identification-tag in every RTP packet. */
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 6464: client-to-mixer audio level, read by the SFU before decryption. */
    public static final String SSRC_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** The transport-wide sequence number that transport-cc feedback refers to. */
    public static final String TRANSPORT_WIDE_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** RFC 8852 §3.1: the RtpStreamId (RID) of a simulcast layer, in its packets. */
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** RFC 8852 §3.2: the RtpStreamId a redundancy (RTX) stream repairs. */
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /** Absolute send time, used by goog-remb bandwidth estimation. */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    public ExtMap {
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extmap id out of 1..255: " + id);
        }
        SdpSyntax.word("extmap uri", uri);
        if (attributes != null) {
            SdpSyntax.text("extmap attributes", attributes);
        }
    }

    /** An extmap without direction or attributes. */
    public static ExtMap of(int id, String uri) {
        return new ExtMap(id, null, uri, null);
    }

    String toValue() {
        StringBuilder sb = new StringBuilder().append(id);
        if (direction != null) {
            sb.append('/').append(direction.attributeName());
        }
        sb.append(' ').append(uri);
        if (attributes != null) {
            sb.append(' ').append(attributes);
        }
        return sb.toString();
    }
}
