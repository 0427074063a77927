package io.edgeway.core.media.dtls;

import io.netty.buffer.ByteBuf;

/**
 * Where a {@link DtlsEndpoint} puts the datagrams it wants sent to its participant. The caller implements
 * it, typically as a write of a {@code DatagramPacket} to the participant's selected 5-tuple on the
 * channel (and so the event loop) that owns that participant; {@link DtlsEndpoint} itself never touches
 * the network.
 *
 * <p><b>Threading:</b> called on a handshake-executor thread, never on an event loop, one call at a time
 * per endpoint. Netty's {@code Channel.writeAndFlush} may be called from any thread (it hands the write
 * to the channel's loop), so an implementation that just writes needs no locking of its own. It must
 * not block for long: the handshake waits for it.
 *
 * <p><b>Buffer ownership:</b> {@link #send(ByteBuf)} takes ownership of {@code datagram}, one complete
 * DTLS datagram (one or more records, at most {@link DtlsServerContext#SEND_LIMIT} bytes). The
 * implementation must release it or pass it on to something that will (a channel write does), also when
 * it decides not to send it or throws.
 */
@FunctionalInterface
public interface DtlsTransmitter {

    /**
     * Sends one datagram to the participant. A failure is not reported back: DTLS retransmits its
     * handshake flights by itself, as it must over UDP. Exceptions thrown here are caught and counted
     * as a lost datagram.
     *
     * @param datagram ownership passes to the implementation
     */
    void send(ByteBuf datagram);
}
