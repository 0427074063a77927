/**
 * The SFU's media port: one UDP socket shared by every participant's ICE checks, DTLS handshake and
 * SRTP/SRTCP, demultiplexed by first byte (RFC 7983 §7), on one event loop.
 *
 * <p>Entry points: {@link io.edgeway.core.media.port.MediaPort#bind} (once per process, with the ICE-lite
 * responder as its {@link io.edgeway.core.spi.StunPacketHandler}, a
 * {@link io.edgeway.core.media.port.MediaPacketHandler} for SRTP/SRTCP and the
 * {@link io.edgeway.core.media.dtls.DtlsServerContext}); {@link io.edgeway.core.media.port.MediaPort#newTransport}
 * per participant, giving a {@link io.edgeway.core.media.port.ParticipantTransport} that the ICE agent's
 * events drive (stun-turn's {@code IceMediaSessions} does that) and that reports "connected, with SRTP
 * keys" and "gone" to a {@link io.edgeway.core.media.port.ParticipantTransportListener}.
 *
 * <p>ICE-TCP: {@link io.edgeway.core.media.port.IceTcpListener#bind} adds a passive TCP candidate (RFC 6544)
 * on the same loop; each connection's RFC 4571 frames are demultiplexed like the port's datagrams, with
 * the connection ({@link io.edgeway.core.media.port.IceTcpConnection}) as the STUN reply sink.
 */
package io.edgeway.core.media.port;
