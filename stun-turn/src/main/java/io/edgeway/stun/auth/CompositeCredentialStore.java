package io.edgeway.stun.auth;

import io.edgeway.turn.config.TurnServerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks several stores in order and returns the first answer: static users first, then TURN REST, so a
 * configured user keeps its password even if its name happens to look like a REST username.
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
        for (CredentialStore store : stores) {
            UserCredentials found = store.lookup(username, realm, nowEpochSeconds);
            if (found != null) {
                return found;
            }
        }
        return null;
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
