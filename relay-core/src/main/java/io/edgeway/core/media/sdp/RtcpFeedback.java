package io.edgeway.core.media.sdp;

/**
 * One {@code a=rtcp-fb:<pt> <type> [<parameter>]} feedback message (RFC 4585 §4.2), e.g. {@code nack},
 * {@code nack pli}, {@code ccm fir} (RFC 5104), {@code goog-remb}, {@code transport-cc}.
 *
 * @param parameter null when the type has none
 */
public record RtcpFeedback(String type, String parameter) {

    public static final RtcpFeedback NACK = new RtcpFeedback("nack", null);
    public static final RtcpFeedback NACK_PLI = new RtcpFeedback("nack", "pli");
    public static final RtcpFeedback CCM_FIR = new RtcpFeedback("ccm", "fir");
    public static final RtcpFeedback GOOG_REMB = new RtcpFeedback("goog-remb", null);
    public static final RtcpFeedback TRANSPORT_CC = new RtcpFeedback("transport-cc", null);

    public RtcpFeedback {
        SdpSyntax.word("rtcp-fb type", type);
        if (parameter != null) {
            SdpSyntax.text("rtcp-fb parameter", parameter);
        }
    }

    /** Parses {@code "<type> [<parameter>]"}, the part after the payload type. */
    static RtcpFeedback parse(String text) {
        int space = text.indexOf(' ');
        return space < 0
                ? new RtcpFeedback(text, null)
                : new RtcpFeedback(text.substring(0, space), text.substring(space + 1));
    }

    String toValue() {
        return parameter == null ? type : type + ' ' + parameter;
    }
}
