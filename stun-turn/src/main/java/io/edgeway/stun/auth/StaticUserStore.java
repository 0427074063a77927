package io.edgeway.stun.auth;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Long-term users listed in the configuration (coturn: {@code user=name:password} or
 * {@code user=name:0xHEXKEY}). Keys and USERHASH values are computed once at construction, so a lookup
 * is one map read.
 *
 * <p>A value starting with {@code 0x} is the MD5 long-term key in hex, as coturn reads it (so a
 * password that really starts with "0x" cannot be configured; coturn has the same rule). Such a user
 * has no SHA-256 key: it can authenticate with MESSAGE-INTEGRITY or PASSWORD-ALGORITHM MD5 only.
 *
 * <p>Names go through {@link LongTermKeys#opaqueString} at construction; a lookup matches the USERNAME
 * exactly against the prepared names, because RFC 8489 §14.3 makes the client prepare it.
 *
 * <p>Immutable and thread-safe. A configuration reload builds a new store (see
 * {@link ReloadableCredentialStore}).
 */
public final class StaticUserStore implements CredentialStore {

    private final String realm;
    private final Map<String, UserCredentials> byName;
    private final Map<UserHashKey, UserCredentials> byUserHash;

    /**
     * @param users name to password, or to {@code 0x}-prefixed hex MD5 key
     * @param realm the server's REALM
     * @throws IllegalArgumentException on an unusable name, password or hex key, naming the user only
     */
    public StaticUserStore(Map<String, String> users, String realm) {
        this.realm = Objects.requireNonNull(realm, "realm");
        String preparedRealm = LongTermKeys.opaqueString(realm);
        Map<String, UserCredentials> names = new HashMap<>();
        Map<UserHashKey, UserCredentials> hashes = new HashMap<>();
        for (Map.Entry<String, String> e : users.entrySet()) {
            String name = prepareName(e.getKey());
            String secret = e.getValue();
            if (secret == null) {
                throw new IllegalArgumentException("static user '" + name + "' has no password");
            }
            UserCredentials credentials;
            try {
                credentials = secret.startsWith("0x") || secret.startsWith("0X")
                        ? new UserCredentials(name, realm, List.of(LongTermKeys.parseHexKey(secret)), List.of(),
                                name, Long.MAX_VALUE)
                        : fromPassword(name, realm, preparedRealm, LongTermKeys.opaqueString(secret));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("static user '" + name + "': " + bad.getMessage(), bad);
            }
            if (names.put(name, credentials) != null) {
                throw new IllegalArgumentException("static user '" + name + "' is listed twice"
                        + " (names are compared after OpaqueString preparation)");
            }
            hashes.put(new UserHashKey(LongTermKeys.userHash(name, realm)), credentials);
        }
        this.byName = Map.copyOf(names);
        this.byUserHash = Map.copyOf(hashes);
    }

    private static String prepareName(String name) {
        try {
            return LongTermKeys.opaqueString(name);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("static user name is not a valid OpaqueString: " + bad.getMessage(), bad);
        }
    }

    private static UserCredentials fromPassword(String name, String realm, String preparedRealm, String password) {
        return new UserCredentials(name, realm,
                List.of(LongTermKeys.md5KeyPrepared(name, preparedRealm, password)),
                List.of(LongTermKeys.sha256KeyPrepared(name, preparedRealm, password)),
                name, Long.MAX_VALUE);
    }

    @Override
    public UserCredentials lookup(String username, String realm, long nowEpochSeconds) {
        if (username == null || !this.realm.equals(realm)) {
            return null;
        }
        return byName.get(username);
    }

    @Override
    public UserCredentials lookupByUserHash(byte[] userHash, String realm) {
        if (userHash == null || !this.realm.equals(realm)) {
            return null;
        }
        return byUserHash.get(new UserHashKey(userHash));
    }

    /** How many users are configured. */
    public int size() {
        return byName.size();
    }

    @Override
    public String toString() {
        return "StaticUserStore{realm=" + realm + ", users=" + byName.size() + "}";
    }

    /** A byte[] with value equality, as a map key. */
    private static final class UserHashKey {
        private final byte[] hash;
        private final int hashCode;

        UserHashKey(byte[] hash) {
            this.hash = hash;
            this.hashCode = Arrays.hashCode(hash);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserHashKey && Arrays.equals(hash, ((UserHashKey) o).hash);
        }

        @Override
        public int hashCode() {
            return hashCode;
        }
    }
}
