package io.edgeway.stun.auth;

import java.util.Objects;

/**
 * A credential store whose contents a configuration reload can swap without restarting listeners: the
 * TURN core keeps this one instance, and the reloader calls {@link #replace} with a store built from the
 * new configuration (for example {@link CompositeCredentialStore#of}).
 *
 * <p>Thread-safe: the delegate is a volatile field, so each lookup sees either the old or the new store
 * entirely. Allocations already authenticated keep running; their next authenticated request
 * (Refresh, CreatePermission, ChannelBind) is checked against the new store.
 */
public final class ReloadableCredentialStore implements CredentialStore {

    private volatile CredentialStore delegate;

    public ReloadableCredentialStore(CredentialStore initial) {
        this.delegate = Objects.requireNonNull(initial, "initial");
    }

    /** Makes {@code next} answer every lookup from now on. */
    public void replace(CredentialStore next) {
        this.delegate = Objects.requireNonNull(next, "next");
    }

    /** The store currently answering. */
    public CredentialStore current() {
        return delegate;
    }

    @Override
    public UserCredentials lookup(String username, String realm, long nowEpochSeconds) {
        return delegate.lookup(username, realm, nowEpochSeconds);
    }

    @Override
    public UserCredentials lookupByUserHash(byte[] userHash, String realm) {
        return delegate.lookupByUserHash(userHash, realm);
    }

    @Override
    public String toString() {
        return "ReloadableCredentialStore{" + delegate + "}";
    }
}
