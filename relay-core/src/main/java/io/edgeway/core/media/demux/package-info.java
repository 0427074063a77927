/**
 * Demultiplexing of the single media port (RFC 7983 §7, RFC 5761 §4): {@link
 * io.edgeway.core.media.demux.PacketClassifier} names each datagram a {@link
 * io.edgeway.core.media.demux.PacketKind} from its first two bytes, so that the handler can pass STUN to
 * the ICE-lite responder, DTLS to the DTLS endpoint and RTP/RTCP to the media pipeline.
 *
 * <p>Runs once per received datagram: stateless, allocation-free, no locks, no logging.
 */
package io.edgeway.core.media.demux;
