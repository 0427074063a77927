package io.edgeway.stun.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the server knows about one long-term user at the moment of a request: the keys that may have
 * produced the request's MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256, the name quotas count, and when
 * the credential stops being valid.
 *
 * <p>Several keys exist because several TURN REST secrets may be live at once during rotation: the
 * request is authentic when it verifies with any one of them. The lists are in the same order (the
 * n-th SHA-256 key belongs to the n-th secret) unless {@link #sha256Keys()} is empty, which happens for a
 * static user configured with a raw MD5 key.
 *
 * <p>Immutable and thread-safe. The key arrays are copied in and shared out without copying (they are
 * read on every authenticated request): callers must not modify them. {@link #toString()} never shows
 * a key.
 */
public final class UserCredentials {

    private final String username;
    private final String realm;
    private final List<byte[]> md5Keys;
    private final List<byte[]> sha256Keys;
    private final String quotaKey;
    private final long expiresAtEpochSeconds;

    public UserCredentials(String username, String realm, List<byte[]> md5Keys, List<byte[]> sha256Keys,
                           String quotaKey, long expiresAtEpochSeconds) {
        this.username = Objects.requireNonNull(username, "username");
        this.realm = Objects.requireNonNull(realm, "realm");
        this.md5Keys = copy(md5Keys, LongTermKeys.MD5_KEY_LENGTH);
        this.sha256Keys = copy(sha256Keys, 32);
        if (this.md5Keys.isEmpty()) {
            throw new IllegalArgumentException("a long-term user needs at least one MD5 key");
        }
        if (!this.sha256Keys.isEmpty() && this.sha256Keys.size() != this.md5Keys.size()) {
            throw new IllegalArgumentException("SHA-256 keys must pair with the MD5 keys or be absent");
        }
        this.quotaKey = Objects.requireNonNull(quotaKey, "quotaKey");
        this.expiresAtEpochSeconds = expiresAtEpochSeconds;
    }

    private static List<byte[]> copy(List<byte[]> keys, int length) {
        List<byte[]> out = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            if (key.length != length) {
                throw new IllegalArgumentException("key must be " + length + " bytes");
            }
            out.add(key.clone());
        }
        return Collections.unmodifiableList(out);
    }

    /** The user name exactly as carried in USERNAME. */
    public String username() {
        return username;
    }

    public String realm() {
        return realm;
    }

    /** MD5 long-term keys (RFC 8489 §9.2.2): MESSAGE-INTEGRITY and PASSWORD-ALGORITHM MD5. Never empty. */
    public List<byte[]> md5Keys() {
        return md5Keys;
    }

    /** SHA-256 long-term keys: PASSWORD-ALGORITHM SHA-256 / MESSAGE-INTEGRITY-SHA256. May be empty. */
    public List<byte[]> sha256Keys() {
        return sha256Keys;
    }

    /**
     * What per-user allocation quotas count: the static user name, or for TURN REST the user id after
     * the separator (the whole username when there is none), so a user cannot escape the quota by
     * minting usernames with different expiries. Never use it as a metric label.
     */
    public String quotaKey() {
        return quotaKey;
    }

    /** Unix time at which the credential expires; {@link Long#MAX_VALUE} for static users. */
    public long expiresAtEpochSeconds() {
        return expiresAtEpochSeconds;
    }

    @Override
    public String toString() {
        return "UserCredentials{username=" + username + ", realm=" + realm + ", keys=" + md5Keys.size()
                + ", sha256=" + !sha256Keys.isEmpty() + ", expiresAt=" + expiresAtEpochSeconds + "}";
    }
}
