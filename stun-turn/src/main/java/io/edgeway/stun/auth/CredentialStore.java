package io.edgeway.stun.auth;

/**
 * Where the long-term credential mechanism (RFC 8489 §9.2) finds a user's keys.
 *
 * <p>Implementations are thread-safe: every event loop calls them. They are called once per
 * authenticated request (Allocate, Refresh, CreatePermission, ChannelBind), never per relayed packet.
 */
public interface CredentialStore {

    /**
     * The credentials for {@code username} in {@code realm}, or null when the user is unknown, the realm
     * is not this store's, or the credential has expired at {@code nowEpochSeconds}.
     */
    UserCredentials lookup(String username, String realm, long nowEpochSeconds);

    /**
     * The credentials whose USERHASH (RFC 8489 §14.4) is {@code userHash}, or null when none matches.
     * Used when a client hides its name under Username Anonymity (RFC 8489 §9.2.4).
     */
    UserCredentials lookupByUserHash(byte[] userHash, String realm);
}
