package io.edgeway.core.spi;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * Receives the STUN share of the media port. The media port's demultiplexer classifies each packet
 * by its first byte (RFC 7983 §7: 0-3 STUN, 20-63 DTLS, 128-191 RTP/RTCP) and hands the STUN ones
 * here; stun-turn's ICE-lite responder implements it, and {@code Main} wires it in.
 *
 * <p>Sans-I/O: the handler performs no I/O of its own and never reads a clock. Time comes in as
 * {@code nowNanos} (the read batch's {@code Clock.nanos()} reading), answers leave through the
 * {@link StunReplySink} passed with the packet.
 *
 * <p>Threading: every method is called from one thread, the one that owns the handler (an
 * implementation may additionally document methods that are safe from other threads).
 *
 * <p>Timers: the caller calls {@link #onTimeout} at or after {@link #nextDeadline()}, or simply once
 * a second, as the TURN listeners do; {@code nextDeadline()} may move earlier after any
 * {@code onStun}, so a caller that schedules exactly must ask again after each packet.
 */
public interface StunPacketHandler {

    /**
     * Handles one packet the demultiplexer classified as STUN.
     *
     * @param nowNanos the read batch's clock reading, in {@code Clock.nanos()} units
     * @param from     the sender, the remote end of the 5-tuple
     * @param packet   the packet's readable bytes; <em>borrowed</em>: never retained or released by the
     *                 handler, and not modified (indices included)
     * @param out      where any answer goes, and the local end of the 5-tuple
     * @return true when the packet was a well-formed STUN message (answered, or deliberately ignored),
     *         false when it was not STUN after all, so the caller counts it as malformed and drops it
     */
    boolean onStun(long nowNanos, InetSocketAddress from, ByteBuf packet, StunReplySink out);

    /** Expires timed state whose deadline is at or before {@code nowNanos}. */
    void onTimeout(long nowNanos);

    /** The earliest pending deadline in {@code Clock.nanos()} units, or {@link Long#MAX_VALUE} for none. */
    long nextDeadline();
}
