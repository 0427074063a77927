package io.edgeway.stun.auth;
import io.edgeway.turn.config.TurnServerConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
public final class CompositeCredentialStore {
    public static CredentialStore of(TurnServerConfig c) {
        return new CredentialStore() {
            public UserCredentials lookup(String u, String realm, long now) {
                String p = c.staticUsers().get(u);
                if (p == null) return null;
                try { byte[] k = MessageDigest.getInstance("MD5").digest((u + ":" + realm + ":" + p).getBytes(StandardCharsets.UTF_8));
                      return new UserCredentials(u, realm, List.of(k), List.of(), u, Long.MAX_VALUE); } catch (Exception e) { throw new IllegalStateException(e); }
            }
            public UserCredentials lookupByUserHash(byte[] h, String r) { return null; }
        };
    }
}
