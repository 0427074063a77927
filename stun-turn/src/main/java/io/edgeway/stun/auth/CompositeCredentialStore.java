package io.edgeway.stun.auth;

import io.edgeway.turn.config.TurnServerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks several stores in order: static users first, then TURN REST, so a configured user keeps its
 * password even if its name happens to look like a REST username. When later stores also know the
 * username as the same user (same quota key and expiry: two TURN REST stores with different secrets,
 * say the configured ones and the control plane's own), their keys are added to the first answer, as
 * with several secrets in one store: the request is authentic when any key verifies it. Without that,
 * the first REST store would answer every REST username with only its own keys and credentials minted
 * with another store's secret would always get 401.
 *
 * <p>Immutable and thread-safe when its delegates are.
 */
public final class CompositeCredentialStore implements CredentialStore {

    private final CredentialStore[] stores;

    public CompositeCredentialStore(List<? extends CredentialStore> stores) {
        this.stores = stores.toArray(new CredentialStore[0]);
    }

    /**
     * The store the configuration asks for: a {@link StaticUserStore} for {@code staticUsers}, a
     * {@link TurnRestCredentialStore} (separator ':') for {@code authSecrets}, both in that order, or a
     * store that knows nobody when neither is set (every authenticated request then gets 401).
     */
    public static CredentialStore of(TurnServerConfig config) {
        List<CredentialStore> stores = new ArrayList<>(2);
        if (!config.staticUsers().isEmpty()) {
            stores.add(new StaticUserStore(config.staticUsers(), config.realm()));
        }
        if (!config.authSecrets().isEmpty()) {
            stores.add(new TurnRestCredentialStore(config.authSecrets(), config.realm(), ':'));
        }
        return stores.size() == 1 ? stores.get(0) : new CompositeCredentialStore(stores);
    }

    @Override
    public UserCredentials lookup(String username, String realm, long nowEpochSeconds) {
        UserCredentials answer = null;
        for (CredentialStore store : stores) {
            UserCredentials found = store.lookup(username, realm, nowEpochSeconds);
            if (found == null) {
                continue;
            }
            if (answer == null) {
                answer = found;
            } else if (sameUser(answer, found)) {
                answer = withKeysOf(answer, found);
            }
        }
        return answer;
    }

    private static boolean sameUser(UserCredentials a, UserCredentials b) {
        return a.quotaKey().equals(b.quotaKey()) && a.expiresAtEpochSeconds() == b.expiresAtEpochSeconds();
    }

    /** {@code first} with {@code more}'s keys after its own; SHA-256 keys only if both have them for every key. */
    private static UserCredentials withKeysOf(UserCredentials first, UserCredentials more) {
        List<byte[]> md5 = new ArrayList<>(first.md5Keys());
        md5.addAll(more.md5Keys());
        List<byte[]> sha256 = new ArrayList<>();
        if (!first.sha256Keys().isEmpty() && !more.sha256Keys().isEmpty()) {
            sha256.addAll(first.sha256Keys());
            sha256.addAll(more.sha256Keys());
        }
        return new UserCredentials(first.username(), first.realm(), md5, sha256, first.quotaKey(),
                first.expiresAtEpochSeconds());
    }

    @Override
    public UserCredentials lookupByUserHash(byte[] userHash, String realm) {
        for (CredentialStore store : stores) {
            UserCredentials found = store.lookupByUserHash(userHash, realm);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "CompositeCredentialStore" + List.of(stores);
    }
}
