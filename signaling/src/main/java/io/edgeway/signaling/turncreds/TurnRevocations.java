package io.edgeway.signaling.turncreds;

import io.edgeway.stun.auth.CredentialStore;
import io.edgeway.stun.auth.UserCredentials;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TURN credentials refused before their expiry: single usernames revoked over the API, and every
 * credential of a deleted TURN key. {@link #wrap} puts the check in front of the TURN server's credential
 * store, so a revoked credential gets 401 on its next authenticated request (Allocate, Refresh,
 * CreatePermission, ChannelBind); an allocation already running ends at its next refresh.
 *
 * <p>Minted usernames are {@code EXPIRY:KEYID.NONCE} ({@link TurnCredentialMinter}); a username of
 * another form (a static user, a credential minted elsewhere with the shared secret) is never refused
 * here. Thread-safe: concurrent sets, read per lookup (not per packet).
 */
public final class TurnRevocations {

    private final Set<String> usernames = ConcurrentHashMap.newKeySet();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    public void revokeUsername(String username) {
        usernames.add(username);
    }

    public void revokeKey(String keyId) {
        keys.add(keyId);
    }

    public void revokeUsernames(Collection<String> list) {
        usernames.addAll(list);
    }

    public void revokeKeys(Collection<String> list) {
        keys.addAll(list);
    }

    /** Forgets a username whose credential has expired anyway. */
    public void forgetUsername(String username) {
        usernames.remove(username);
    }

    public boolean isRevoked(String username) {
        if (usernames.contains(username)) {
            return true;
        }
        String keyId = TurnCredentialMinter.keyIdOf(username);
        return keyId != null && keys.contains(keyId);
    }

    /** {@code delegate}, refusing revoked usernames. */
    public CredentialStore wrap(CredentialStore delegate) {
        return new CredentialStore() {
            @Override
            public UserCredentials lookup(String username, String realm, long nowEpochSeconds) {
                return username != null && isRevoked(username) ? null : delegate.lookup(username, realm, nowEpochSeconds);
            }

            @Override
            public UserCredentials lookupByUserHash(byte[] userHash, String realm) {
                // Minted usernames are REST usernames, which USERHASH cannot reach (TurnRestCredentialStore).
                return delegate.lookupByUserHash(userHash, realm);
            }

            @Override
            public String toString() {
                return "TurnRevocations{" + delegate + "}";
            }
        };
    }
}
