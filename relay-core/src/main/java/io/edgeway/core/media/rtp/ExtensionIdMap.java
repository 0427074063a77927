package io.edgeway.core.media.rtp;

import java.util.Collection;

/**
 * A mapping from the RTP header extension IDs one endpoint negotiated (RFC 8285 §5, {@code a=extmap})
 * to the IDs another endpoint negotiated for the same URIs, used by
 * {@link RtpHeaderExtensions#remap(ExtensionIdMap)} when a publisher's packets are forwarded to a
 * subscriber. IDs without a mapping map to 0, meaning "the subscriber did not negotiate this: drop it".
 *
 * <p>A table of 256 bytes indexed by the source ID, so that remapping an element is one array read.
 * Built once per publisher/subscriber pair when their session descriptions are settled
 * ({@link #between}); after that it is only read, and may be shared between threads once safely
 * published. Lookups are allocation-free.
 */
public final class ExtensionIdMap {

    /** Target IDs 1-255 as unsigned bytes; 0 means "no mapping". */
    private final byte[] targets = new byte[RtpHeaderExtensions.TWO_BYTE_MAX_ID + 1];

    /**
     * The table that rewrites a packet written with {@code from}'s IDs into {@code to}'s: every URI both
     * negotiated maps the one ID to the other, except the URIs in {@code withheld}, which (like every URI
     * only {@code from} negotiated) map to 0 and so become padding.
     */
    public static ExtensionIdMap between(HeaderExtensionMap from, HeaderExtensionMap to, Collection<String> withheld) {
        ExtensionIdMap map = new ExtensionIdMap();
        for (String uri : from.uris()) {
            int target = to.id(uri);
            if (target != 0 && !withheld.contains(uri)) {
                map.map(from.id(uri), target);
            }
        }
        return map;
    }

    /**
     * Maps {@code fromId} to {@code toId}, both 1-255. Each source and each target may be used once, so
     * that the rewritten block never holds two elements with one ID.
     */
    public ExtensionIdMap map(int fromId, int toId) {
        checkId(fromId);
        checkId(toId);
        if (targets[fromId] != 0) {
            throw new IllegalArgumentException("ID " + fromId + " already mapped to " + target(fromId));
        }
        for (byte used : targets) {
            if ((used & 0xFF) == toId) {
                throw new IllegalArgumentException("target ID " + toId + " already used");
            }
        }
        targets[fromId] = (byte) toId;
        return this;
    }

    /** The ID {@code fromId} becomes, or 0 if it has no mapping (or is out of range). */
    public int target(int fromId) {
        return fromId >= 1 && fromId < targets.length ? targets[fromId] & 0xFF : 0;
    }

    private static void checkId(int id) {
        if (id < 1 || id > RtpHeaderExtensions.TWO_BYTE_MAX_ID) {
            throw new IllegalArgumentException("extension ID out of range 1-255: " + id);
        }
    }
}
