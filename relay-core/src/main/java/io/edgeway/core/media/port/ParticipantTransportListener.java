package io.edgeway.core.media.port;

import io.edgeway.core.media.dtls.SrtpKeyMaterial;

/**
 * What a {@link ParticipantTransport} reports to the session layer.
 *
 * <p><b>Order:</b> {@link #onConnected} at most once, then {@link #onGone} exactly once (also without
 * {@code onConnected}, when the handshake never completed). Nothing follows {@code onGone}.
 *
 * <p><b>Threading:</b> both run on the media port's event loop, so an implementation may install SRTP
 * contexts for the port's {@link MediaPacketHandler} without locks. They must be quick. An exception
 * thrown here is logged and otherwise ignored.
 */
public interface ParticipantTransportListener {

    /**
     * DTLS completed over the selected pair and the peer's certificate matched its SDP fingerprint: the
     * SRTP keys are ready to install. Also available afterwards as {@link ParticipantTransport#keys()}.
     */
    void onConnected(ParticipantTransport transport, SrtpKeyMaterial keys);

    /**
     * The transport ended and has released everything it held on the port: its addresses no longer
     * route to it and its DTLS association is closed.
     *
     * @param detail human-readable, free of secrets and addresses, fit for a log line
     */
    void onGone(ParticipantTransport transport, ParticipantTransport.GoneReason reason, String detail);
}
