package io.edgeway.signaling.http;

import java.util.Objects;

/**
 * A refusal with a stable {@link ErrorCode} and a message that says what to do next; the HTTP layer
 * answers it with the error envelope and the code's status (and {@code Retry-After} when set).
 * Unchecked so route handlers written as lambdas can throw it; every public method that may throw it
 * says so.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final long retryAfterSeconds;

    public ApiException(ErrorCode code, String message) {
        this(code, message, -1);
    }

    /** @param retryAfterSeconds seconds for {@code Retry-After}, or -1 for none */
    public ApiException(ErrorCode code, String message, long retryAfterSeconds) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ErrorCode code() {
        return code;
    }

    /** Seconds to put in {@code Retry-After}, or -1 when the response carries none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
