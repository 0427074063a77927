package io.edgeway.stun.auth;
import java.util.List;
public final class UserCredentials {
    private final String username, realm, quotaKey; private final List<byte[]> md5, sha; private final long exp;
    public UserCredentials(String username, String realm, List<byte[]> md5, List<byte[]> sha, String quotaKey, long exp) {
        this.username = username; this.realm = realm; this.md5 = md5; this.sha = sha; this.quotaKey = quotaKey; this.exp = exp; }
    public String username() { return username; }
    public String realm() { return realm; }
    public List<byte[]> md5Keys() { return md5; }
    public List<byte[]> sha256Keys() { return sha; }
    public String quotaKey() { return quotaKey; }
    public long expiresAtEpochSeconds() { return exp; }
}
