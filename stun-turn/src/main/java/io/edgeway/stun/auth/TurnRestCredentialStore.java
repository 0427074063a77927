package io.edgeway.stun.auth;

import io.edgeway.stun.attr.Hmacs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Time-limited credentials minted by an application server that shares a secret with this server: the
 * "TURN REST API" (draft-uberti-behave-turn-rest-00), compatible with coturn's
 * {@code use-auth-secret} / {@code static-auth-secret}.
 *
 * <pre>
 *   username = expiry [separator userid]        expiry: Unix seconds, decimal
 *   password = base64(HMAC-SHA1(secret, username))
 * </pre>
 *
 * The long-term key is then derived from that password as for any long-term user (RFC 8489 §9.2.2).
 * A username whose expiry is at or before now is refused: the draft makes the expiry the only thing
 * that ends such a credential. The application server mints with {@link #username} and {@link #password}.
 *
 * <p>Rotation: every configured secret is tried, so a credential minted with the old secret keeps
 * working while the new one rolls out; {@link UserCredentials#md5Keys()} holds one key per secret, in
 * configuration order.
 *
 * <p>Only the documented order {@code expiry:userid} is accepted; coturn additionally guesses the
 * reversed {@code userid:expiry}, which is ambiguous and not part of the draft.
 *
 * <p>{@link #lookupByUserHash} always returns null: USERHASH (RFC 8489 §14.4) is a one-way hash of the
 * username, and without the username there is no expiry to check and no input for the HMAC, so REST
 * users cannot use Username Anonymity.
 *
 * <p>Immutable and thread-safe; HMAC engines are per thread ({@link Hmacs}). Cost per lookup: per secret
 * one HMAC-SHA1, one MD5 and one SHA-256 over a few dozen bytes.
 */
public final class TurnRestCredentialStore implements CredentialStore {

    /** Longest accepted expiry: 18 decimal digits cannot overflow a long. */
    private static final int MAX_EXPIRY_DIGITS = 18;

    private final List<byte[]> secrets;
    private final String realm;
    private final String preparedRealm;
    private final char separator;

    /**
     * @param secrets   shared secrets (coturn: static-auth-secret); at least one, none empty
     * @param realm     the server's REALM
     * @param separator between expiry and user id; coturn's default is ':' (coturn: rest-api-separator)
     */
    public TurnRestCredentialStore(List<String> secrets, String realm, char separator) {
        Objects.requireNonNull(secrets, "secrets");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("TURN REST needs at least one shared secret");
        }
        List<byte[]> keys = new ArrayList<>(secrets.size());
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("TURN REST shared secrets must not be empty");
            }
            keys.add(secret.getBytes(StandardCharsets.UTF_8));
        }
        if (separator >= '0' && separator <= '9') {
            throw new IllegalArgumentException("the TURN REST separator cannot be a digit");
        }
        this.secrets = List.copyOf(keys);
        this.realm = Objects.requireNonNull(realm, "realm");
        this.preparedRealm = LongTermKeys.opaqueString(realm);
        this.separator = separator;
    }

    /** A store using coturn's default separator ':'. */
    public TurnRestCredentialStore(List<String> secrets, String realm) {
        this(secrets, realm, ':');
    }

    /** The password for {@code username}: {@code base64(HMAC-SHA1(secret, username))}, padded. */
    public static String password(String secret, String username) {
        return password(secret.getBytes(StandardCharsets.UTF_8), username);
    }

    private static String password(byte[] secret, String username) {
        byte[] mac = Hmacs.sha1(secret).doFinal(username.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac);
    }

    /** A username valid until {@code expiryEpochSeconds}, with the default ':' separator; userId may be null. */
    public static String username(long expiryEpochSeconds, String userId) {
        return username(expiryEpochSeconds, userId, ':');
    }

    public static String username(long expiryEpochSeconds, String userId, char separator) {
        if (expiryEpochSeconds < 0) {
            throw new IllegalArgumentException("expiry must be a Unix time");
        }
        return userId == null || userId.isEmpty()
                ? Long.toString(expiryEpochSeconds)
                : Long.toString(expiryEpochSeconds) + separator + userId;
    }

    @Override
    public UserCredentials lookup(String username, String realm, long nowEpochSeconds) {
        if (username == null || !this.realm.equals(realm)) {
            return null;
        }
        int cut = username.indexOf(separator);
        int expiryEnd = cut < 0 ? username.length() : cut;
        long expiry = parseExpiry(username, expiryEnd);
        // draft-uberti-behave-turn-rest-00 §2.2: the credential is valid until the timestamp.
        if (expiry < 0 || expiry <= nowEpochSeconds) {
            return null;
        }
        String userId = cut < 0 || cut == username.length() - 1 ? username : username.substring(cut + 1);
        List<byte[]> md5 = new ArrayList<>(secrets.size());
        List<byte[]> sha256 = new ArrayList<>(secrets.size());
        for (byte[] secret : secrets) {
            String password = password(secret, username);
            md5.add(LongTermKeys.md5KeyPrepared(username, preparedRealm, password));
            sha256.add(LongTermKeys.sha256KeyPrepared(username, preparedRealm, password));
        }
        return new UserCredentials(username, realm, md5, sha256, userId, expiry);
    }

    /** The decimal expiry in {@code s[0, end)}, or -1 when it is not 1 to 18 digits. */
    private static long parseExpiry(String s, int end) {
        if (end == 0 || end > MAX_EXPIRY_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Always null: a USERHASH cannot be reversed to the username that carries the expiry. */
    @Override
    public UserCredentials lookupByUserHash(byte[] userHash, String realm) {
        return null;
    }

    @Override
    public String toString() {
        return "TurnRestCredentialStore{realm=" + realm + ", secrets=" + secrets.size()
                + ", separator='" + separator + "'}";
    }
}
