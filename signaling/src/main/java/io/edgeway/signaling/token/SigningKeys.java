package io.edgeway.signaling.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.store.SigningKeyStore;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 (ECDSA P-256, RFC 7518 §3.4) key pairs that sign participant tokens, persisted in the
 * control plane's database ({@code signing_keys}, private key as a JWK) so that tokens survive a restart
 * and every process sharing one PostgreSQL database verifies every other's tokens.
 *
 * <p>The newest key not retired signs; every key verifies, looked up by the token's {@code kid} (its JWK
 * thumbprint, RFC 7638). On first start, with no key stored, one is generated. {@link #rotate()} makes a
 * new signing key and retires the old one, which keeps verifying until the longest token lifetime has
 * passed, then is deleted.
 *
 * <p>Thread-safe: readers see an immutable snapshot; a {@code kid} not in it (another process rotated)
 * reloads the snapshot once from the database. Blocking (database) on start, rotation and unknown kids.
 */
public final class SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private final SigningKeyStore store;
    private final Clock clock;
    private final Duration keepRetired;
    private volatile Snapshot snapshot;

    private record Snapshot(ECKey signing, Map<String, ECKey> all) {
    }

    private SigningKeys(SigningKeyStore store, Clock clock, Duration keepRetired) {
        this.store = store;
        this.clock = clock;
        this.keepRetired = keepRetired;
    }

    /**
     * Loads the stored keys, generating the first one when there is none.
     *
     * @param keepRetired how long a retired key keeps verifying: at least the longest token lifetime
     */
    public static SigningKeys load(SigningKeyStore store, Clock clock, Duration keepRetired) {
        SigningKeys keys = new SigningKeys(store, clock, keepRetired);
        keys.reload();
        if (keys.snapshot.signing() == null) {
            keys.generateAndStore();
            keys.reload();
            LOG.info("generated the first participant token signing key (ES256, kid {})", keys.snapshot.signing().getKeyID());
        }
        return keys;
    }

    /** The key that signs new tokens (with its private part). */
    public ECKey signingKey() {
        return snapshot.signing();
    }

    /** The key with this id, reloading once from the database when it is not known yet. */
    public Optional<ECKey> forKid(String kid) {
        ECKey key = snapshot.all().get(kid);
        if (key == null) {
            reload();
            key = snapshot.all().get(kid);
        }
        return Optional.ofNullable(key);
    }

    /** Starts signing with a new key; the previous one keeps verifying for {@code keepRetired}. Returns the new kid. */
    public synchronized String rotate() {
        ECKey old = snapshot.signing();
        String kid = generateAndStore();
        if (old != null) {
            store.retire(old.getKeyID(), clock.epochSeconds());
        }
        store.deleteRetiredBefore(clock.epochSeconds() - keepRetired.getSeconds());
        reload();
        LOG.info("participant token signing key rotated: now kid {}", kid);
        return kid;
    }

    private String generateAndStore() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).generate();
            store.insert(new SigningKeyStore.Row(key.getKeyID(), key.toJSONString(), clock.epochSeconds(), 0));
            return key.getKeyID();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a P-256 key", e);
        }
    }

    private synchronized void reload() {
        List<SigningKeyStore.Row> rows = store.all();
        Map<String, ECKey> all = new LinkedHashMap<>();
        ECKey signing = null;
        long now = clock.epochSeconds();
        for (SigningKeyStore.Row row : rows) {
            if (row.retiredAt() != 0 && row.retiredAt() + keepRetired.getSeconds() < now) {
                continue;
            }
            ECKey key;
            try {
                key = ECKey.parse(row.jwk());
            } catch (ParseException e) {
                throw new IllegalStateException("signing key " + row.kid() + " in the database is not a valid JWK", e);
            }
            all.put(row.kid(), key);
            if (row.retiredAt() == 0) {
                signing = key; // rows are oldest first: the newest unretired key signs
            }
        }
        snapshot = new Snapshot(signing, Map.copyOf(all));
    }
}
