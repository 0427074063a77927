package io.edgeway.signaling.turncreds;

import io.edgeway.core.time.Clock;
import io.edgeway.signaling.auth.Secrets;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.store.TurnKeyStore;
import io.edgeway.signaling.store.TurnRevocationStore;
import java.util.List;
import java.util.function.Supplier;

/**
 * TURN keys and the credentials they mint, as Cloudflare's Realtime TURN service has them: a key is a
 * long-term secret an app's server holds ({@code uid} public, {@code key} shown once); with it the server
 * asks for short-lived TURN credentials to hand to browsers, and may revoke them early. Deleting a key
 * revokes every credential it minted.
 *
 * <p>Revocations are stored (they survive a restart) and applied to the TURN server through
 * {@link TurnRevocations}. Thread-safe; blocks on the database.
 */
public final class TurnKeys {

    /** A new key; {@code key} is the only time its token is shown. */
    public record Created(TurnKeyStore.Row row, String key) {
    }

    private final TurnKeyStore keys;
    private final TurnRevocationStore revocationStore;
    private final TurnRevocations revocations;
    private final TurnCredentialMinter minter;
    private final Supplier<TurnEndpoints> endpoints;
    private final Clock clock;

    public TurnKeys(TurnKeyStore keys, TurnRevocationStore revocationStore, TurnRevocations revocations,
            TurnCredentialMinter minter, Supplier<TurnEndpoints> endpoints, Clock clock) {
        this.keys = keys;
        this.revocationStore = revocationStore;
        this.revocations = revocations;
        this.minter = minter;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /** Loads stored revocations into {@link TurnRevocations} and drops expired ones; call once at start. */
    public void loadRevocations() {
        long now = clock.epochSeconds();
        revocationStore.deleteExpired(now);
        for (TurnRevocationStore.Row row : revocationStore.unexpired(now)) {
            revocations.revokeUsername(row.username());
        }
        revocations.revokeKeys(keys.deletedSince(now - Limits.MAX_TURN_CREDENTIAL_TTL.getSeconds()));
    }

    public Created create(String name) {
        long now = clock.epochSeconds();
        String token = Secrets.randomToken(32);
        TurnKeyStore.Row row = new TurnKeyStore.Row(Secrets.randomHex(16), name, Secrets.sha256Hex(token), now, now, 0);
        keys.insert(row);
        return new Created(row, token);
    }

    public List<TurnKeyStore.Row> list() {
        return keys.list();
    }

    /** @throws ApiException {@link ErrorCode#TURN_KEY_NOT_FOUND} */
    public TurnKeyStore.Row get(String keyId) {
        return keys.find(keyId).orElseThrow(() -> notFound(keyId));
    }

    /** @throws ApiException {@link ErrorCode#TURN_KEY_NOT_FOUND} */
    public TurnKeyStore.Row rename(String keyId, String name) {
        if (!keys.rename(keyId, name, clock.epochSeconds())) {
            throw notFound(keyId);
        }
        return get(keyId);
    }

    /** Deletes the key and revokes every credential it minted. @throws ApiException {@link ErrorCode#TURN_KEY_NOT_FOUND} */
    public TurnKeyStore.Row delete(String keyId) {
        TurnKeyStore.Row row = get(keyId);
        keys.markDeleted(keyId, clock.epochSeconds());
        revocations.revokeKey(keyId);
        return row;
    }

    /**
     * Checks the Bearer token presented for {@code keyId}.
     *
     * @throws ApiException {@link ErrorCode#TURN_KEY_NOT_FOUND} or {@link ErrorCode#INVALID_TURN_KEY_TOKEN}
     */
    public void authenticate(String keyId, String authorization) {
        TurnKeyStore.Row row = get(keyId);
        String token = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        }
        if (token == null || token.isEmpty() || !Secrets.matches(token, row.secretHash())) {
            throw new ApiException(ErrorCode.INVALID_TURN_KEY_TOKEN, "send this TURN key's token as Authorization:"
                    + " Bearer TOKEN (the key shown when the TURN key was created)");
        }
    }

    /**
     * Mints one credential valid for {@code ttlSeconds} and returns the iceServers that use it.
     *
     * @throws ApiException {@link ErrorCode#TTL_OUT_OF_RANGE}
     */
    public TurnCredentialMinter.Credential mint(String keyId, long ttlSeconds) {
        if (ttlSeconds < 1 || ttlSeconds > Limits.MAX_TURN_CREDENTIAL_TTL.getSeconds()) {
            throw new ApiException(ErrorCode.TTL_OUT_OF_RANGE, "ttl must be from 1 to "
                    + Limits.MAX_TURN_CREDENTIAL_TTL.getSeconds() + " seconds");
        }
        return minter.mint(keyId, clock.epochSeconds(), ttlSeconds);
    }

    public TurnEndpoints endpoints() {
        return endpoints.get();
    }

    /**
     * Revokes one credential minted by {@code keyId}; revoking an expired or already revoked one is not
     * an error.
     *
     * @throws ApiException {@link ErrorCode#TURN_CREDENTIAL_NOT_FOUND} when the username is not one this key minted
     */
    public void revoke(String keyId, String username) {
        long expiry = username == null ? -1 : TurnCredentialMinter.expiryOf(username);
        if (expiry < 0 || !keyId.equals(TurnCredentialMinter.keyIdOf(username))) {
            throw new ApiException(ErrorCode.TURN_CREDENTIAL_NOT_FOUND, "\"" + username
                    + "\" is not a credential minted by TURN key " + keyId);
        }
        if (expiry <= clock.epochSeconds()) {
            return;
        }
        revocationStore.insert(new TurnRevocationStore.Row(username, keyId, expiry));
        revocations.revokeUsername(username);
    }

    private static ApiException notFound(String keyId) {
        return new ApiException(ErrorCode.TURN_KEY_NOT_FOUND, "no TURN key " + keyId);
    }
}
