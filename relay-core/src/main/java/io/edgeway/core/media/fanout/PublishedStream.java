package io.edgeway.core.media.fanout;

/**
 * One SSRC a member of a {@link MediaRoom} publishes, with what the room keeps per incoming stream: the
 * retransmission cache behind NACK answers.
 *
 * <p>Confined to the room's event loop. Created once per SSRC (when its first packet authenticates, or
 * by {@link MediaRoom#registerSsrc}); its buffers are released when its publisher leaves.
 */
final class PublishedStream {

    final int ssrc;
    final RoomMember publisher;
    final RetransmissionCache cache = new RetransmissionCache();

    PublishedStream(int ssrc, RoomMember publisher) {
        this.ssrc = ssrc;
        this.publisher = publisher;
    }

    /** Frees what the stream holds; the room forgets it. */
    void release() {
        cache.release();
    }

    @Override
    public String toString() {
        return "PublishedStream[" + Integer.toUnsignedString(ssrc) + " of " + publisher + "]";
    }
}
