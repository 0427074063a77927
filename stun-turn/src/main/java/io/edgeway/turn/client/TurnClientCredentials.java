package io.edgeway.turn.client;

import io.edgeway.stun.auth.LongTermKeys;
import io.edgeway.stun.auth.TurnRestCredentialStore;
import io.edgeway.stun.attr.PasswordAlgorithms;
import java.util.Objects;

/**
 * The long-term credentials a TURN client presents (RFC 8489 §9.2): a static user and password, or a
 * TURN REST username and password minted from a shared secret with the same functions the server uses
 * to check them ({@link TurnRestCredentialStore#username}, {@link TurnRestCredentialStore#password}).
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password.
 */
public final class TurnClientCredentials {

    private final String username;
    private final String password;

    private TurnClientCredentials(String username, String password) {
        // RFC 8489 §14.3: the client prepares the username with OpaqueString; the server keys it as sent.
        this.username = LongTermKeys.opaqueString(Objects.requireNonNull(username, "username"));
        this.password = Objects.requireNonNull(password, "password");
    }

    /** A static long-term user. */
    public static TurnClientCredentials of(String username, String password) {
        return new TurnClientCredentials(username, password);
    }

    /**
     * A TURN REST credential (draft-uberti-behave-turn-rest-00) valid until {@code expiryEpochSeconds},
     * with coturn's default ':' separator; {@code userId} may be null.
     */
    public static TurnClientCredentials rest(String secret, long expiryEpochSeconds, String userId) {
        String username = TurnRestCredentialStore.username(expiryEpochSeconds, userId);
        return new TurnClientCredentials(username, TurnRestCredentialStore.password(secret, username));
    }

    public String username() {
        return username;
    }

    /** The long-term key for {@code realm} under {@code algorithm} (RFC 8489 §9.2.2). Allocates. */
    byte[] key(String realm, int algorithm) {
        return algorithm == PasswordAlgorithms.SHA256
                ? LongTermKeys.sha256Key(username, realm, password)
                : LongTermKeys.md5Key(username, realm, password);
    }

    @Override
    public String toString() {
        return "TurnClientCredentials{username=" + username + "}";
    }
}
