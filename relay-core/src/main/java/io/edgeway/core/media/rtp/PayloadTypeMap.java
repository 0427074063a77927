package io.edgeway.core.media.rtp;

import io.edgeway.core.media.sdp.PayloadFormat;
import java.util.Arrays;
import java.util.List;

/**
 * A mapping from the RTP payload types one endpoint negotiated for an m= section to those another endpoint
 * negotiated for the same codecs, used when a publisher's packet is forwarded to a subscriber: every
 * endpoint numbers its dynamic payload types for itself (RFC 3264 §6.1; Firefox's Opus is 109, Chromium's
 * 111), so the SFU rewrites the PT of each copy.
 *
 * <p>Built by {@link #between}: a format maps to the first of the target's formats that is the same codec
 * ({@link PayloadFormat#sameCodecAs}: name, clock rate, channels and the fmtp parameters that shape the
 * bitstream); a retransmission format (RFC 4588, {@code rtx}) maps to the target's {@code rtx} whose
 * {@code apt} is the target of its own {@code apt}. A payload type without a mapping is {@link #NONE}: the
 * subscriber did not agree to that codec, and a packet of it must not reach it.
 *
 * <p>A table of 128 bytes indexed by the source PT; lookups are one array read, allocation-free. Built
 * when a negotiation settles, then only read.
 */
public final class PayloadTypeMap {

    /** What {@link #target} answers for a payload type without a mapping. */
    public static final int NONE = -1;
    private static final int PAYLOAD_TYPES = 128;

    private final byte[] targets = new byte[PAYLOAD_TYPES];

    private PayloadTypeMap() {
        Arrays.fill(targets, (byte) NONE);
    }

    /** The table that rewrites packets of {@code from}'s formats into {@code to}'s numbering. */
    public static PayloadTypeMap between(List<PayloadFormat> from, List<PayloadFormat> to) {
        PayloadTypeMap map = new PayloadTypeMap();
        for (PayloadFormat f : from) {
            if (f.isRtx()) {
                continue;
            }
            for (PayloadFormat g : to) {
                if (f.sameCodecAs(g)) {
                    map.targets[f.payloadType()] = (byte) g.payloadType();
                    break;
                }
            }
        }
        // RFC 4588 §8: an rtx format is bound to its apt; it maps where its apt maps.
        for (PayloadFormat f : from) {
            int apt = f.isRtx() ? f.associatedPayloadType() : NONE;
            int target = apt == NONE ? NONE : map.target(apt);
            if (target == NONE) {
                continue;
            }
            for (PayloadFormat g : to) {
                if (g.isRtx() && g.clockRate() == f.clockRate() && g.associatedPayloadType() == target) {
                    map.targets[f.payloadType()] = (byte) g.payloadType();
                    break;
                }
            }
        }
        return map;
    }

    /** The payload type {@code payloadType} becomes, or {@link #NONE}. */
    public int target(int payloadType) {
        return payloadType >= 0 && payloadType < PAYLOAD_TYPES ? targets[payloadType] : NONE;
    }

    /** Whether every mapped payload type keeps its number (the copy needs no rewrite). */
    public boolean isIdentity() {
        for (int pt = 0; pt < PAYLOAD_TYPES; pt++) {
            if (targets[pt] != NONE && targets[pt] != pt) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PayloadTypeMap{");
        for (int pt = 0; pt < PAYLOAD_TYPES; pt++) {
            if (targets[pt] != NONE) {
                sb.append(sb.length() > 15 ? ", " : "").append(pt).append("->").append(targets[pt]);
            }
        }
        return sb.append('}').toString();
    }
}
