package io.edgeway.core.media.sdp;

/**
 * An {@code a=msid:<stream-id> [<track-id>]} line (RFC 8830 §2): the MediaStream the m= section's
 * track belongs to and, in the appdata, the track id. A browser surfaces the stream id in
 * {@code RTCTrackEvent.streams}; {@code -} means no stream.
 *
 * @param trackId null when absent
 */
public record Msid(String streamId, String trackId) {

    public Msid {
        SdpSyntax.word("msid stream id", streamId);
        if (trackId != null) {
            SdpSyntax.word("msid track id", trackId);
        }
    }

    static Msid parse(String value) {
        int space = value.indexOf(' ');
        return space < 0 ? new Msid(value, null) : new Msid(value.substring(0, space), value.substring(space + 1));
    }

    String toValue() {
        return trackId == null ? streamId : streamId + ' ' + trackId;
    }
}
