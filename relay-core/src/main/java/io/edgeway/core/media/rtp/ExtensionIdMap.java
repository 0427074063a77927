package io.edgeway.core.media.rtp;

/**
 * A mapping from the RTP header extension IDs one endpoint negotiated (RFC 8285 §5, {@code a=extmap})
 * to the IDs another endpoint negotiated for the same URIs, used by
 * {@link RtpHeaderExtensions#remap(ExtensionIdMap)} when a publisher's packets are forwarded to a
 * subscriber. IDs without a mapping map to 0, meaning "the subscriber did not negotiate this: drop it".
 *
 * <p>Built once per publisher/subscriber pair when their session descriptions are settled; after that it
 * is only read, and may be shared between threads once safely published. Lookups are allocation-free.
 */
public final class ExtensionIdMap {

    private final short[] targets = new short[RtpHeaderExtensions.TWO_BYTE_MAX_ID + 1];
    private final boolean[] targetUsed = new boolean[RtpHeaderExtensions.TWO_BYTE_MAX_ID + 1];

    /**
     * Maps {@code fromId} to {@code toId}, both 1-255. Each source and each target may be used once, so
     * that the rewritten block never holds two elements with one ID.
     */
    public ExtensionIdMap map(int fromId, int toId) {
        checkId(fromId);
        checkId(toId);
        if (targets[fromId] != 0) {
            throw new IllegalArgumentException("ID " + fromId + " already mapped to " + targets[fromId]);
        }
        if (targetUsed[toId]) {
            throw new IllegalArgumentException("target ID " + toId + " already used");
        }
        targets[fromId] = (short) toId;
        targetUsed[toId] = true;
        return this;
    }

    /** The ID {@code fromId} becomes, or 0 if it has no mapping (or is out of range). */
    public int target(int fromId) {
        return fromId >= 1 && fromId < targets.length ? targets[fromId] : 0;
    }

    private static void checkId(int id) {
        if (id < 1 || id > RtpHeaderExtensions.TWO_BYTE_MAX_ID) {
            throw new IllegalArgumentException("extension ID out of range 1-255: " + id);
        }
    }
}
