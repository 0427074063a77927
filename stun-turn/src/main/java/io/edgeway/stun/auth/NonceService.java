package io.edgeway.stun.auth;
import io.edgeway.core.time.Clock;
import java.net.InetAddress;
import java.time.Duration;
public final class NonceService {
    public enum NonceStatus { VALID, STALE, INVALID }
    private final Clock clock; private final Duration lifetime;
    public NonceService(byte[] secret, Duration lifetime, Clock clock, boolean adv) { this.clock = clock; this.lifetime = lifetime; }
    public static NonceService create(Duration lifetime, Clock clock) { return new NonceService(new byte[16], lifetime, clock, true); }
    public String issue(InetAddress client) { return "obMatJos2AAAD" + (clock.epochSeconds() + lifetime.toSeconds()); }
    public NonceStatus check(String nonce, InetAddress client) {
        try { long e = Long.parseLong(nonce.substring(13)); return e > clock.epochSeconds() ? NonceStatus.VALID : NonceStatus.STALE; } catch (RuntimeException x) { return NonceStatus.INVALID; } }
}
