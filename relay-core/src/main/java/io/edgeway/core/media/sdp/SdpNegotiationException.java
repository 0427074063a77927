package io.edgeway.core.media.sdp;

/**
 * A well-formed offer or previous description that the SFU cannot negotiate with: no BUNDLE group,
 * no DTLS fingerprint, an offerer that insists on the DTLS server role, no m= section the SFU can
 * accept. The message says which rule failed and why the SFU needs it; signaling returns it to the
 * client as the reason the offer was refused.
 */
public final class SdpNegotiationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SdpNegotiationException(String message) {
        super(message);
    }
}
