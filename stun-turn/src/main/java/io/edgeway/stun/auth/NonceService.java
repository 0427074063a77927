package io.edgeway.stun.auth;

import io.edgeway.core.time.Clock;
import io.edgeway.stun.attr.Hmacs;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * Stateless NONCE values for the long-term credential mechanism (RFC 8489 §9.2). The server keeps no
 * table of issued nonces: each nonce carries its own expiry and a MAC that binds it to the client's IP
 * address, so checking it costs one HMAC and a flood of unauthenticated requests costs no memory.
 *
 * <pre>
 *   nonce  = [ "obMatJos2" features ] body                     (36 characters with the cookie)
 *   features = base64(24-bit security feature set)            4 characters (RFC 8489 §9.2.1)
 *   body   = base64url-nopad( expiry[5] || mac[12] )           23 characters
 *   expiry = Unix seconds, big-endian, 40 bits
 *   mac    = HMAC-SHA256(secret, features[3] || expiry[5] || client IP address bytes), first 12 bytes
 * </pre>
 *
 * RFC 8489 §9.2.1: a server that implements the security features of STUNbis starts its nonces with
 * the "nonce cookie" followed by the feature set; bit 0 (the most significant bit of the 24) is
 * "Password algorithms" and bit 1 "Username anonymity" (§18.1). The features are inside the MAC, so a
 * man in the middle who strips the cookie to bid the client down to MD5 turns the nonce INVALID.
 *
 * <p>Only the IP address is bound, not the port: a NAT may rebind the client's port between a 401 and
 * the retried request. The secret is per process by default ({@link #create}), so a restart invalidates
 * outstanding nonces and clients simply get a fresh 401 with a new one.
 *
 * <p>Thread-safe: immutable state, per-thread HMAC engines ({@link Hmacs}). Not on the relay hot path;
 * {@link #issue} and {@link #check} allocate a little.
 */
public final class NonceService {

    /** RFC 8489 §9.2.1 nonce cookie. */
    public static final String NONCE_COOKIE = "obMatJos2";
    /** Security feature "Password algorithms" (RFC 8489 §18.1 bit 0, the leftmost of 24). */
    public static final int PASSWORD_ALGORITHMS = 0x800000;
    /** Security feature "Username anonymity" (RFC 8489 §18.1 bit 1). */
    public static final int USERNAME_ANONYMITY = 0x400000;

    private static final int FEATURES_CHARS = 4;
    private static final int EXPIRY_BYTES = 5;
    private static final int MAC_BYTES = 12;
    private static final int BODY_BYTES = EXPIRY_BYTES + MAC_BYTES;
    /** base64url without padding of 17 bytes. */
    private static final int BODY_CHARS = (BODY_BYTES * 8 + 5) / 6;
    private static final long MAX_EXPIRY = (1L << 40) - 1;

    private final byte[] secret;
    private final long lifetimeSeconds;
    private final Clock clock;
    private final int features;
    /** Cookie and features as they appear in the nonce; empty when features are not advertised. */
    private final String prefix;

    /**
     * @param secret   HMAC key, at least 16 bytes; keep it in memory only
     * @param lifetime how long a nonce stays VALID, whole seconds, at least one
     * @param advertiseSecurityFeatures start nonces with the nonce cookie announcing Password algorithms
     *                 and Username anonymity (RFC 8489 §9.2.1); false gives RFC 5389-style opaque nonces
     */
    public NonceService(byte[] secret, Duration lifetime, Clock clock, boolean advertiseSecurityFeatures) {
        this(secret, lifetime, clock, advertiseSecurityFeatures ? PASSWORD_ALGORITHMS | USERNAME_ANONYMITY : 0);
    }

    /**
     * As above with an explicit 24-bit feature set; 0 means no nonce cookie. A server whose users are all
     * TURN REST users should not advertise {@link #USERNAME_ANONYMITY}, because USERHASH cannot identify
     * them (see {@link TurnRestCredentialStore#lookupByUserHash}).
     */
    public NonceService(byte[] secret, Duration lifetime, Clock clock, int securityFeatures) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < 16) {
            throw new IllegalArgumentException("nonce secret must be at least 16 bytes");
        }
        if (lifetime.getSeconds() < 1) {
            throw new IllegalArgumentException("nonce lifetime must be at least one second");
        }
        if ((securityFeatures & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("the security feature set has 24 bits");
        }
        this.secret = secret.clone();
        this.lifetimeSeconds = lifetime.getSeconds();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.features = securityFeatures;
        this.prefix = securityFeatures == 0 ? "" : NONCE_COOKIE + encodeFeatures(securityFeatures);
    }

    /** A service with a fresh random 32-byte secret that advertises both security features. */
    public static NonceService create(Duration lifetime, Clock clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new NonceService(secret, lifetime, clock, true);
    }

    private static String encodeFeatures(int features) {
        return Base64.getEncoder().encodeToString(featureBytes(features));
    }

    private static byte[] featureBytes(int features) {
        return new byte[] {(byte) (features >>> 16), (byte) (features >>> 8), (byte) features};
    }

    /** A new nonce for {@code client}, valid for the configured lifetime from now. */
    public String issue(InetAddress client) {
        long expiry = Math.min(clock.epochSeconds() + lifetimeSeconds, MAX_EXPIRY);
        byte[] body = new byte[BODY_BYTES];
        for (int i = 0; i < EXPIRY_BYTES; i++) {
            body[i] = (byte) (expiry >>> (8 * (EXPIRY_BYTES - 1 - i)));
        }
        byte[] mac = mac(body, client);
        System.arraycopy(mac, 0, body, EXPIRY_BYTES, MAC_BYTES);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
    }

    /**
     * Whether {@code nonce} (the NONCE of a request, verbatim) was issued by this service to
     * {@code client} and is still fresh. Authenticity is decided before freshness, so an altered expiry
     * is INVALID, never STALE.
     */
    public NonceStatus check(String nonce, InetAddress client) {
        if (nonce == null || client == null
                || nonce.length() != prefix.length() + BODY_CHARS || !nonce.startsWith(prefix)) {
            return NonceStatus.INVALID;
        }
        byte[] body = decodeBody(nonce, prefix.length());
        if (body == null) {
            return NonceStatus.INVALID;
        }
        byte[] expected = mac(body, client);
        int diff = 0;
        for (int i = 0; i < MAC_BYTES; i++) {
            diff |= expected[i] ^ body[EXPIRY_BYTES + i];
        }
        if (diff != 0) {
            return NonceStatus.INVALID;
        }
        long expiry = 0;
        for (int i = 0; i < EXPIRY_BYTES; i++) {
            expiry = expiry << 8 | (body[i] & 0xFF);
        }
        return clock.epochSeconds() < expiry ? NonceStatus.VALID : NonceStatus.STALE;
    }

    private static byte[] decodeBody(String nonce, int from) {
        for (int i = from; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            boolean base64url = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_';
            if (!base64url) {
                return null;
            }
        }
        // 23 characters carry 138 bits for 136: the last character's two low bits must be zero, or two
        // spellings would decode to the same body and an altered nonce could still pass.
        if ((base64Value(urlToStandard(nonce.charAt(nonce.length() - 1))) & 0x3) != 0) {
            return null;
        }
        byte[] body = Base64.getUrlDecoder().decode(nonce.substring(from).getBytes(StandardCharsets.US_ASCII));
        return body.length == BODY_BYTES ? body : null;
    }

    private byte[] mac(byte[] body, InetAddress client) {
        Mac mac = Hmacs.sha256(secret);
        mac.update(featureBytes(features));
        mac.update(body, 0, EXPIRY_BYTES);
        mac.update(client.getAddress());
        return mac.doFinal();
    }

    /**
     * The 24-bit security feature set announced by {@code nonce}'s nonce cookie (RFC 8489 §9.2.1), or -1
     * when the nonce does not start with a well-formed cookie.
     */
    public static int securityFeatures(String nonce) {
        if (nonce == null || nonce.length() < NONCE_COOKIE.length() + FEATURES_CHARS
                || !nonce.startsWith(NONCE_COOKIE)) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < FEATURES_CHARS; i++) {
            int sextet = base64Value(nonce.charAt(NONCE_COOKIE.length() + i));
            if (sextet < 0) {
                return -1;
            }
            value = value << 6 | sextet;
        }
        return value;
    }

    /**
     * Whether the request's nonce carries the cookie with "Password algorithms" set: RFC 8489 §9.2.4 then
     * makes the server check PASSWORD-ALGORITHMS and PASSWORD-ALGORITHM (both absent means MD5; both
     * present requires PASSWORD-ALGORITHMS to equal what the server sent; anything else is 400).
     */
    public static boolean securityFeaturesRequested(String nonce) {
        int set = securityFeatures(nonce);
        return set >= 0 && (set & PASSWORD_ALGORITHMS) != 0;
    }

    private static char urlToStandard(char c) {
        return c == '-' ? '+' : c == '_' ? '/' : c;
    }

    private static int base64Value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }

    /** The feature set this service announces (0 when it sends no nonce cookie). */
    public int advertisedSecurityFeatures() {
        return features;
    }

    public Duration lifetime() {
        return Duration.ofSeconds(lifetimeSeconds);
    }

    @Override
    public String toString() {
        return "NonceService{lifetime=" + lifetimeSeconds + "s, features=0x" + Integer.toHexString(features) + "}";
    }
}
