package io.edgeway.core.media.dtls;

/**
 * What a {@link DtlsEndpoint} reports about its association.
 *
 * <p><b>Order:</b> {@link #onHandshakeComplete} at most once, then at most one of {@link #onFailure} or
 * {@link #onClose}; an endpoint whose handshake never completes reports exactly one of {@link #onFailure}
 * or {@link #onClose}. Nothing is reported after {@link #onFailure} or {@link #onClose}, and the endpoint
 * sends nothing more once either has been called.
 *
 * <p><b>Threading:</b> every callback runs on a handshake-executor thread, one at a time per endpoint,
 * never on the thread that called into the endpoint (an event loop). Hop to the participant's event
 * loop before touching state confined to it. A callback that throws is logged and otherwise ignored.
 * The only exception: if the executor refuses work, the resulting {@link #onFailure} runs on the
 * caller's thread, because there is no other.
 */
public interface DtlsListener {

    /**
     * The handshake finished, the peer's certificate matched the expected fingerprint, and the SRTP
     * keys are ready to install. The DTLS association stays open (for retransmitted final flights and
     * close_notify) until {@link #onClose} or {@link #onFailure}.
     */
    void onHandshakeComplete(SrtpKeyMaterial keys);

    /**
     * The association ended in error: a handshake failure (bad or missing client certificate, no
     * common cipher suite or SRTP profile, malformed records), a fatal alert from the peer, the
     * handshake deadline passing, or the executor refusing work.
     *
     * @param reason human-readable and free of secrets, fit for a log line and a status page
     */
    void onFailure(String reason);

    /**
     * The association ended cleanly: the peer sent close_notify, or {@link DtlsEndpoint#close()} was
     * called (which sends close_notify if the handshake had completed).
     */
    void onClose();
}
