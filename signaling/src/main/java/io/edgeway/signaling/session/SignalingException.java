package io.edgeway.signaling.session;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import java.util.Objects;

/**
 * A request the protocol refuses: becomes {@code {"type":"error","code":code,"message":message}} to the
 * client that sent it. The message is for people and carries no secret.
 */
public final class SignalingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public SignalingException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The control plane's refusal, unchanged: same code, same message. */
    public static SignalingException of(ApiException e) {
        return new SignalingException(e.code(), e.getMessage());
    }

    public ErrorCode code() {
        return code;
    }
}
