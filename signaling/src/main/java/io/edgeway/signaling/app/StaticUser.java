package io.edgeway.signaling.app;

import java.util.regex.Pattern;

/**
 * A static long-term user as coturn's {@code user} option writes it: {@code name:password}, or
 * {@code name:0x<hex>} where the hex is the MD5 key {@code MD5(name:realm:password)}.
 *
 * <p>{@link #toString()} never shows the secret, so a user can be logged or printed safely.
 *
 * @param name   the USERNAME clients send
 * @param secret the password, or the {@code 0x}-prefixed key
 */
public record StaticUser(String name, String secret) {
    private static final Pattern HEX_KEY = Pattern.compile("0x[0-9a-fA-F]{32}");

    /** Reads {@code name:secret}; the reason in an exception never contains the secret. */
    static StaticUser parse(String raw) {
        int colon = raw.indexOf(':');
        if (colon <= 0 || colon == raw.length() - 1) {
            throw new IllegalArgumentException("expected name:password or name:0x<32 hex digits>");
        }
        String name = raw.substring(0, colon);
        String secret = raw.substring(colon + 1);
        if (secret.equals(ValueType.REDACTED)) {
            throw new IllegalArgumentException("password of " + name + " is the " + ValueType.REDACTED
                    + " placeholder from --print-config; give the real password");
        }
        if (secret.startsWith("0x") && !HEX_KEY.matcher(secret).matches()) {
            throw new IllegalArgumentException("key of " + name + " must be 0x followed by 32 hex digits (an MD5 key)");
        }
        return new StaticUser(name, secret);
    }

    /** The redacted form, {@code name:<redacted>}. */
    @Override
    public String toString() {
        return name + ":" + ValueType.REDACTED;
    }
}
