package io.edgeway.signaling.app;

import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Credentials made up at start when the configuration names none, so that running the jar with no
 * configuration gives a usable server that is still not open to everyone. They are printed once,
 * in the start-up banner, and {@link #toString()} never shows them.
 *
 * @param user       the static user's name, {@value #USER}
 * @param password   the static user's password
 * @param restSecret the TURN REST shared secret
 */
public record DevCredentials(String user, String password, String restSecret) {

    /** Name of the generated static user. */
    public static final String USER = "edgeway";

    /** 18 random bytes (144 bits) for the password and 32 (256 bits) for the REST secret, base64url. */
    static DevCredentials generate(RandomGenerator random) {
        return new DevCredentials(USER, randomToken(random, 18), randomToken(random, 32));
    }

    private static String randomToken(RandomGenerator random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public String toString() {
        return "DevCredentials[user=" + user + ", password=" + ValueType.REDACTED + ", restSecret=" + ValueType.REDACTED + "]";
    }
}
