package io.edgeway.core.media.port;

import io.netty.buffer.ByteBuf;

/**
 * Receives the SRTP/SRTCP share of the media port: every datagram whose first byte is 128-191
 * (RFC 7983 §7) and whose sender is a remote address of a validated or selected pair of a
 * {@link ParticipantTransport}. Packets from any other address never get here (the port counts them
 * as {@link MediaPortCounter#MEDIA_UNKNOWN_SOURCE}).
 *
 * <p>Threading: called on the media port's event loop only, as everything of that participant's
 * transport. Hot path: implementations allocate nothing, take no locks and log nothing per packet.
 */
@FunctionalInterface
public interface MediaPacketHandler {

    /**
     * Handles one RTP or RTCP packet (RFC 5761 tells them apart by payload type; that is the
     * handler's job).
     *
     * @param nowNanos the read batch's {@code Clock.nanos()} reading
     * @param from     the participant whose 5-tuple the packet arrived on; {@link ParticipantTransport#keys()}
     *                 is null until its DTLS handshake completed
     * @param packet   the datagram's readable bytes; <em>borrowed</em>: the port releases it after this
     *                 call returns, so an implementation that keeps or forwards it must
     *                 {@code retain()} (or {@code retainedDuplicate()}) it first. It may decrypt in place.
     * @return true when the packet was taken (forwarded, or consumed), false when it was dropped; the port
     *         counts the latter as {@link MediaPortCounter#MEDIA_NOT_HANDLED}
     */
    boolean onMediaPacket(long nowNanos, ParticipantTransport from, ByteBuf packet);

    /**
     * The port's media tick, every {@link MediaPort#MEDIA_TICK_MILLIS} ms on its loop with the port's
     * clock: for what the handler sends on its own (receiver reports, congestion feedback). Packets it
     * queues with {@link ParticipantTransport#sendMedia} are flushed when this returns. Does nothing by
     * default.
     */
    default void onTimeout(long nowNanos) {
    }

    /** Drops every packet: the port before SRTP and forwarding are wired in. */
    MediaPacketHandler DROP = (nowNanos, from, packet) -> false;
}
