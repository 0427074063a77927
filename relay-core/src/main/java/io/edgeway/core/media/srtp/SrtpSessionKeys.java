package io.edgeway.core.media.srtp;

/**
 * The session keys one crypto context uses for one packet kind (SRTP or SRTCP): encryption key,
 * salt and, for AES-CM profiles, the HMAC key. Derived once from the master key and salt by
 * {@link SrtpKeyDerivation}; RFC 7714's test vectors give session keys directly, so tests build this
 * type by hand. Holds copies; {@link #toString()} shows no key material.
 */
final class SrtpSessionKeys {

    private final SrtpProfile profile;
    private final byte[] encryptionKey;
    private final byte[] salt;
    private final byte[] authKey;

    SrtpSessionKeys(SrtpProfile profile, byte[] encryptionKey, byte[] salt, byte[] authKey) {
        if (encryptionKey.length != profile.masterKeyLength()
                || salt.length != profile.masterSaltLength()
                || authKey.length != profile.authKeyLength()) {
            throw new IllegalArgumentException("session key sizes do not match " + profile);
        }
        this.profile = profile;
        this.encryptionKey = encryptionKey.clone();
        this.salt = salt.clone();
        this.authKey = authKey.clone();
    }

    SrtpProfile profile() {
        return profile;
    }

    byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] authKey() {
        return authKey.clone();
    }

    @Override
    public String toString() {
        return "SrtpSessionKeys[" + profile + "]";
    }
}
