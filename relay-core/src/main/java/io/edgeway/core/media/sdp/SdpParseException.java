package io.edgeway.core.media.sdp;

/**
 * A session description that {@link SdpParser} refuses: a line that is not {@code <type>=<value>}, a
 * known attribute whose value does not follow its grammar, lines out of the order RFC 8866 §5 sets, or
 * references that point nowhere (a BUNDLE group naming a missing mid, an {@code a=fmtp} for a payload
 * type the {@code m=} line does not list).
 *
 * <p>The message always starts with the 1-based line number and quotes the offending line, so it can be
 * returned to a signaling client as it is. {@link #lineNumber()} is 0 when the problem is not tied to
 * one line (an empty description, a missing {@code t=} line).
 */
public final class SdpParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int lineNumber;

    SdpParseException(int lineNumber, String line, String problem) {
        super(lineNumber > 0
                ? "SDP line " + lineNumber + " \"" + line + "\": " + problem
                : "SDP: " + problem);
        this.lineNumber = lineNumber;
    }

    /** The 1-based number of the refused line, or 0 when the problem concerns the whole description. */
    public int lineNumber() {
        return lineNumber;
    }
}
