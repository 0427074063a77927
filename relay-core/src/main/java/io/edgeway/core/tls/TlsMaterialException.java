package io.edgeway.core.tls;

import java.security.GeneralSecurityException;

/**
 * The certificate chain or private key cannot be used. The message is meant for an operator: when the
 * material came from files it starts with the offending file's path, then says what is wrong
 * ({@code "/etc/edgeway/key.pem: key does not match certificate"}). It never contains key bytes.
 */
public final class TlsMaterialException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
