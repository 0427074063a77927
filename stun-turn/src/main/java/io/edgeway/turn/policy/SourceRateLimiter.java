package io.edgeway.turn.policy;
import java.net.InetAddress;
public final class SourceRateLimiter {
    public SourceRateLimiter(int perSecond, int burst, int slots) { }
    public boolean tryAcquire(InetAddress source, long nowNanos) { return true; }
}
