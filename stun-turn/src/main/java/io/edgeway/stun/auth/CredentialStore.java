package io.edgeway.stun.auth;
public interface CredentialStore {
    UserCredentials lookup(String username, String realm, long nowEpochSeconds);
    UserCredentials lookupByUserHash(byte[] userHash, String realm);
}
