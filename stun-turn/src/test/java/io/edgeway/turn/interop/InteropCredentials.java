package io.edgeway.turn.interop;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The credentials every interop server is configured with, and the TURN REST scheme's user name and
 * password as a client computes them: user name {@code "<unix-expiry>:<user>"}, password
 * {@code base64(HMAC-SHA1(secret, username))}. Computed here, independently of the server's own code,
 * so a shared mistake cannot make both sides agree.
 */
public final class InteropCredentials {

    static final String REALM = "edgeway.test";
    public static final String STATIC_USER = "alice";
    public static final String STATIC_PASSWORD = "secretpw";
    static final String REST_SECRET = "rest-secret";
    /** The user id inside REST user names; uclient's {@code -u} with {@code -W}. */
    static final String REST_USER_ID = "bob";

    private InteropCredentials() {
    }

    /** A user name and password pair. */
    public record Credential(String username, String password) {
    }

    /** The credential of {@code kind}; REST ones expire {@code validity} after now (wall clock: real clients). */
    static Credential of(CredentialKind kind, Duration validity) {
        return switch (kind) {
            case STATIC_USER -> new Credential(STATIC_USER, STATIC_PASSWORD);
            case REST_SECRET -> rest(Instant.now().plus(validity).getEpochSecond(), REST_USER_ID, REST_SECRET);
        };
    }

    static Credential rest(long expiryEpochSeconds, String userId, String secret) {
        String username = expiryEpochSeconds + ":" + userId;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] sig = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
            return new Credential(username, Base64.getEncoder().encodeToString(sig));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 missing from this JDK", e);
        }
    }
}
