package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtp.ExtensionIdMap;
import io.edgeway.core.media.rtp.RtpHeaderExtensions;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.sdp.ExtMap;
import io.netty.buffer.ByteBuf;
import java.util.Set;

/**
 * Rewrites the RTP header extensions (RFC 8285) of one forwarded copy for the subscriber that gets it,
 * in place and without changing its length:
 *
 * <ul>
 *   <li>every element's ID goes from the publisher's negotiated ID to the subscriber's ID for the same
 *       URI ({@link ExtensionIdMap#between}); an element whose URI the subscriber did not negotiate
 *       becomes padding bytes (RFC 8285 §4.1, ID 0), so the subscriber never reads it as whatever it
 *       mapped to that ID;</li>
 *   <li>the {@link #WITHHELD} elements always become padding: {@code sdes:mid} (RFC 8843 §15) names the
 *       publisher's m= section, and Chromium's demuxer routes by MID before SSRC, so a subscriber would
 *       hand another participant's audio to its own mid-0 transceiver; {@code rtp-stream-id} and
 *       {@code repaired-rtp-stream-id} (RFC 8852) name the publisher's simulcast layers. Without them
 *       the subscriber demuxes by the SSRC its SDP signals;</li>
 *   <li>the transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2)
 *       belongs to one transport, so it is replaced by the subscriber's own counter value;</li>
 *   <li>a malformed block becomes all padding; a block in neither RFC 8285 form is left alone.</li>
 * </ul>
 *
 * <p>The one-byte (0xBEDE) and two-byte (0x100x) forms are handled alike; an element of the one-byte form
 * whose subscriber ID is above 14 cannot be carried and becomes padding.
 *
 * <p>Confined to the room's event loop (it holds two reusable flyweights); allocation-free. The packet
 * is borrowed.
 */
final class HeaderExtensionRewriter {

    /** Never forwarded: they name the publisher's m= section and layers, not the subscriber's. */
    static final Set<String> WITHHELD = Set.of(ExtMap.SDES_MID, ExtMap.RTP_STREAM_ID, ExtMap.REPAIRED_RTP_STREAM_ID);

    private final RtpHeaderFlyweight rtp = new RtpHeaderFlyweight();
    private final RtpHeaderExtensions extensions = new RtpHeaderExtensions();

    /**
     * Rewrites {@code packet}'s extension block through {@code table}.
     *
     * @param packet an unprotected RTP packet in its readable bytes whose header SRTP already checked
     *     (the extension block lies inside the packet)
     * @param transportSequenceId the subscriber's ID of the transport-wide sequence number, 0 if it did
     *     not negotiate it
     * @param transportSequence the value to write there, 0-65535
     * @return true when the copy now carries {@code transportSequence}, false when it carries no
     *     transport-wide sequence number (the publisher sent none, or the subscriber has no ID for it)
     */
    boolean rewrite(ByteBuf packet, ExtensionIdMap table, int transportSequenceId, int transportSequence) {
        rtp.wrap(packet);
        if (!rtp.extension()) {
            return false;
        }
        extensions.wrap(rtp);
        if (extensions.form() == RtpHeaderExtensions.FORM_NONE) {
            return false;
        }
        if (extensions.remap(table) < 0) {
            extensions.clearBlock();
            return false;
        }
        return transportSequenceId != 0
                && TransportWideSequence.rewrite(extensions, transportSequenceId, transportSequence);
    }
}
