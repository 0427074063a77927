package io.edgeway.core.media.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One RTP payload type of an m= section with everything said about it: its {@code a=rtpmap}
 * (RFC 8866 §6.6), {@code a=fmtp} (§6.15) and {@code a=rtcp-fb} lines (RFC 4585 §4.2).
 *
 * @param payloadType 0..127
 * @param encodingName e.g. {@code opus}, {@code VP8}, {@code rtx}; null for a static payload type
 *     listed on the m= line without an rtpmap (RFC 3551 defines it)
 * @param clockRate in Hz; 0 when there is no rtpmap
 * @param channels the optional third rtpmap field (audio channels); 0 when absent
 * @param fmtp the {@code a=fmtp} parameters exactly as written, or null when absent
 * @param feedback the {@code a=rtcp-fb} lines for this payload type, in order
 */
public record PayloadFormat(int payloadType, String encodingName, int clockRate, int channels, String fmtp,
                            List<RtcpFeedback> feedback) {

    public PayloadFormat {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of 0..127: " + payloadType);
        }
        if (encodingName != null) {
            SdpSyntax.word("encoding name", encodingName);
            if (encodingName.indexOf('/') >= 0) {
                throw new IllegalArgumentException("encoding name contains '/': " + encodingName);
            }
            if (clockRate <= 0) {
                throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
            }
        } else if (clockRate != 0 || channels != 0) {
            throw new IllegalArgumentException("clock rate and channels need an encoding name");
        }
        if (channels < 0) {
            throw new IllegalArgumentException("channels is negative: " + channels);
        }
        if (fmtp != null) {
            SdpSyntax.text("fmtp", fmtp);
        }
        feedback = List.copyOf(feedback);
    }

    /** Whether this is {@code name} (compared case-insensitively, RFC 4855 §3) at {@code clockRate}. */
    public boolean is(String name, int clockRate) {
        return encodingName != null && encodingName.equalsIgnoreCase(name) && this.clockRate == clockRate;
    }

    /**
     * The fmtp parameters split at {@code ;} into name and value (names lower-cased, values as written;
     * an item without {@code =}, such as RED's {@code 111/111}, maps to the empty string). Empty when
     * there is no fmtp.
     */
    public Map<String, String> fmtpParameters() {
        if (fmtp == null) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String item : fmtp.split(";")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                params.put(trimmed.toLowerCase(Locale.ROOT), "");
            } else {
                params.put(trimmed.substring(0, eq).trim().toLowerCase(Locale.ROOT), trimmed.substring(eq + 1).trim());
            }
        }
        return Collections.unmodifiableMap(params);
    }

    /** The {@code apt} fmtp parameter of an RTX format (RFC 4588 §8), or -1 if absent or not a number. */
    public int associatedPayloadType() {
        String apt = fmtpParameters().get("apt");
        if (apt == null) {
            return -1;
        }
        try {
            int pt = Integer.parseInt(apt);
            return pt >= 0 && pt <= 127 ? pt : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether this is a retransmission format (RFC 4588 §8: {@code rtx}), which stands for the one its {@code apt} names. */
    public boolean isRtx() {
        return encodingName != null && encodingName.equalsIgnoreCase("rtx");
    }

    /**
     * Whether a packet of this format is, unchanged, a packet of {@code other}: the same encoding (names
     * compared case-insensitively, RFC 4855 §3) at the same clock rate with the same channels (absent
     * means one, RFC 8866 §6.6), and the same values of the fmtp parameters that change what the bitstream
     * is. Those are, per codec: H.264 {@code packetization-mode} (RFC 6184 §8.1, default 0) and the profile
     * of {@code profile-level-id} (the level may differ: it says what a receiver can decode, RFC 6184
     * §8.2.2); VP9 {@code profile-id} (RFC 9628 §6, default 0); AV1 {@code profile} (default 0). Every
     * other fmtp parameter (Opus {@code useinbandfec}, {@code minptime}, VP8 {@code max-fs}, ...) states a
     * preference of the receiver and does not change the packets. An SFU forwarding without transcoding
     * may hand a packet of this format to a receiver that negotiated {@code other} under that receiver's
     * own payload type. Never true for {@code rtx}: a retransmission format matches through the format its
     * {@code apt} names.
     */
    public boolean sameCodecAs(PayloadFormat other) {
        if (encodingName == null || other.encodingName == null || isRtx() || other.isRtx()
                || !other.is(encodingName, clockRate) || Math.max(channels, 1) != Math.max(other.channels, 1)) {
            return false;
        }
        Map<String, String> mine = fmtpParameters();
        Map<String, String> theirs = other.fmtpParameters();
        if (encodingName.equalsIgnoreCase("H264")) {
            return mine.getOrDefault("packetization-mode", "0").equals(theirs.getOrDefault("packetization-mode", "0"))
                    && H264Profile.same(mine.get("profile-level-id"), theirs.get("profile-level-id"));
        }
        if (encodingName.equalsIgnoreCase("VP9")) {
            return mine.getOrDefault("profile-id", "0").equals(theirs.getOrDefault("profile-id", "0"));
        }
        if (encodingName.equalsIgnoreCase("AV1")) {
            return mine.getOrDefault("profile", "0").equals(theirs.getOrDefault("profile", "0"));
        }
        return true;
    }

    /** This format with its feedback replaced. */
    public PayloadFormat withFeedback(List<RtcpFeedback> newFeedback) {
        return new PayloadFormat(payloadType, encodingName, clockRate, channels, fmtp, newFeedback);
    }

    String rtpmapValue() {
        StringBuilder sb = new StringBuilder().append(payloadType).append(' ').append(encodingName).append('/')
                .append(clockRate);
        if (channels != 0) {
            sb.append('/').append(channels);
        }
        return sb.toString();
    }
}
