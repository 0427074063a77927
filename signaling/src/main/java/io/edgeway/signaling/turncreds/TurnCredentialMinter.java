package io.edgeway.signaling.turncreds;

import io.edgeway.signaling.auth.Secrets;
import io.edgeway.stun.auth.TurnRestCredentialStore;
import java.util.Objects;

/**
 * Mints TURN credentials in the TURN REST scheme Edgeway's TURN server checks
 * ({@link TurnRestCredentialStore}, draft-uberti-behave-turn-rest-00):
 *
 * <pre>
 *   username   = EXPIRY ":" KEYID "." NONCE      EXPIRY Unix seconds; NONCE 9 random bytes, base64url
 *   credential = base64(HMAC-SHA1(secret, username))
 * </pre>
 *
 * The key id names the TURN key that minted it (so deleting the key revokes them all); the nonce makes
 * each credential distinct, so one can be revoked alone. Thread-safe: the secret is swapped whole when
 * the configuration is reloaded.
 */
public final class TurnCredentialMinter {

    /** A minted credential. */
    public record Credential(String username, String credential, long expiresAt) {
    }

    private volatile String secret;

    public TurnCredentialMinter(String secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /** Mints with {@code next} from now on (configuration reload). */
    public void secret(String next) {
        this.secret = Objects.requireNonNull(next, "next");
    }

    public Credential mint(String keyId, long nowEpochSeconds, long ttlSeconds) {
        long expiry = nowEpochSeconds + ttlSeconds;
        String username = TurnRestCredentialStore.username(expiry, keyId + "." + Secrets.randomToken(9));
        return new Credential(username, TurnRestCredentialStore.password(secret, username), expiry);
    }

    /** The key id inside a minted username, or null when the username is not of that form. */
    public static String keyIdOf(String username) {
        int colon = username.indexOf(':');
        int dot = username.indexOf('.', colon + 1);
        return colon <= 0 || dot <= colon + 1 ? null : username.substring(colon + 1, dot);
    }

    /** The expiry of a minted username, or -1 when it is not of that form. */
    public static long expiryOf(String username) {
        int colon = username.indexOf(':');
        if (colon <= 0 || colon > 18) {
            return -1;
        }
        try {
            return Long.parseLong(username.substring(0, colon));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
