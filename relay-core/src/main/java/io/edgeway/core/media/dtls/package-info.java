/**
 * DTLS-SRTP for the media relay: each participant's DTLS 1.2 handshake (server side, Bouncy Castle),
 * authenticated by the certificate fingerprints exchanged in SDP, ending in exported SRTP master keys.
 *
 * <p>Entry points: {@link io.edgeway.core.media.dtls.DtlsServerContext} (one per process: certificate,
 * handshake executor, clock) creates a {@link io.edgeway.core.media.dtls.DtlsEndpoint} per participant.
 * The caller feeds it records from the media port's demultiplexer, supplies a
 * {@link io.edgeway.core.media.dtls.DtlsTransmitter} that writes to the participant's 5-tuple, and
 * receives {@link io.edgeway.core.media.dtls.SrtpKeyMaterial} through a
 * {@link io.edgeway.core.media.dtls.DtlsListener} to install into its SRTP contexts. Nothing here opens a
 * socket, and nothing here runs per media packet.
 */
package io.edgeway.core.media.dtls;
