package io.edgeway.signaling.session;

/**
 * A request the protocol refuses: becomes {@code {"type":"error","code":code,"message":message}} to the
 * client that sent it. The message is for people and carries no secret.
 */
public final class SignalingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public SignalingException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** One of {@link ErrorCodes} (or an authenticator's own code). */
    public String code() {
        return code;
    }
}
