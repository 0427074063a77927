package io.edgeway.signaling.auth;

import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.store.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The organisation's API keys. A key is {@code KEYID.SECRET}: the id is public (it names the key in
 * lists, logs and rate limits), the secret is shown once at creation and stored only as its SHA-256.
 * Several keys may be live at once, which is how keys rotate: create the new one, move the servers to
 * it, delete the old one.
 *
 * <p>Requests present a key as {@code Authorization: Bearer KEYID.SECRET}, or as
 * {@code Authorization: Basic base64(KEYID:SECRET)} (the organisation-id-and-key form older RealtimeKit
 * integrations send).
 *
 * <p>Keys given in the configuration ({@code api-key}) are accepted as well; they live only in memory and
 * cannot be deleted over the API. Thread-safe; blocks on the database.
 */
public final class ApiKeys {

    /** A new key; {@code key} is the only time the secret is shown. {@code appId} as in {@link Caller}. */
    public record Created(String id, String name, String key, long createdAt, String appId) {
    }

    /**
     * Who a request authenticated as: the key's id, and the one app it may use ({@code appId}), or null
     * when it may use every app (keys from the configuration always may).
     */
    public record Caller(String keyId, String appId) {

        /** Whether this key may act on {@code app}. */
        public boolean mayUse(String app) {
            return appId == null || appId.equals(app);
        }
    }

    private final ApiKeyStore store;
    private final Clock clock;
    private final Map<String, String> configured;

    /**
     * @param configuredKeys {@code KEYID.SECRET} strings from the configuration
     */
    public ApiKeys(ApiKeyStore store, Clock clock, List<String> configuredKeys) {
        this.store = store;
        this.clock = clock;
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : configuredKeys) {
            String[] parts = split(key);
            if (parts == null) {
                throw new IllegalArgumentException("api-key must be KEYID.SECRET");
            }
            m.put(parts[0], Secrets.sha256Hex(parts[1]));
        }
        this.configured = Map.copyOf(m);
    }

    /**
     * On first start (no key stored and none configured) makes one key and returns it, for the operator
     * to see once; otherwise returns empty.
     */
    public Optional<Created> bootstrap() {
        if (!configured.isEmpty() || store.count() > 0) {
            return Optional.empty();
        }
        return Optional.of(create("bootstrap", null));
    }

    /** @param appId the one app the key may use, or null for every app */
    public Created create(String name, String appId) {
        String id = Secrets.randomHex(16);
        String secret = Secrets.randomToken(32);
        long now = clock.epochSeconds();
        store.insert(new ApiKeyStore.Row(id, name, Secrets.sha256Hex(secret), now, appId));
        return new Created(id, name, id + "." + secret, now, appId);
    }

    public List<ApiKeyStore.Row> list() {
        return store.list();
    }

    /** Ids of the keys from the configuration. */
    public List<String> configuredIds() {
        return new ArrayList<>(configured.keySet());
    }

    /**
     * Deletes a stored key.
     *
     * @throws ApiException {@link ErrorCode#API_KEY_NOT_FOUND}, or {@link ErrorCode#LAST_API_KEY} when no
     *     other key would be left
     */
    public void delete(String id) {
        if (configured.containsKey(id)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "API key " + id
                    + " comes from the configuration (api-key); remove it there");
        }
        if (store.find(id).isEmpty()) {
            throw new ApiException(ErrorCode.API_KEY_NOT_FOUND, "no API key " + id);
        }
        if (configured.isEmpty() && store.count() <= 1) {
            throw new ApiException(ErrorCode.LAST_API_KEY, "API key " + id
                    + " is the last one; create its replacement first, then delete it");
        }
        store.delete(id);
    }

    /**
     * The key an Authorization header presents.
     *
     * @throws ApiException {@link ErrorCode#MISSING_API_KEY} or {@link ErrorCode#INVALID_API_KEY}
     */
    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(ErrorCode.MISSING_API_KEY,
                    "send your API key as Authorization: Bearer KEYID.SECRET (from your server, never a browser)");
        }
        String[] parts = parse(authorization.trim());
        if (parts != null) {
            String hash = configured.get(parts[0]);
            String appId = null;
            if (hash == null) {
                Optional<ApiKeyStore.Row> row = store.find(parts[0]);
                hash = row.map(ApiKeyStore.Row::secretHash).orElse(null);
                appId = row.map(ApiKeyStore.Row::appId).orElse(null);
            }
            if (hash != null && Secrets.matches(parts[1], hash)) {
                return new Caller(parts[0], appId);
            }
        }
        throw new ApiException(ErrorCode.INVALID_API_KEY, "the API key is not valid (unknown, deleted, or mistyped)");
    }

    private static String[] parse(String header) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return split(value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon <= 0 || colon == decoded.length() - 1 ? null
                        : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** {@code KEYID.SECRET} as its two parts, or null. */
    static String[] split(String key) {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            return null;
        }
        return new String[] {key.substring(0, dot), key.substring(dot + 1)};
    }
}
