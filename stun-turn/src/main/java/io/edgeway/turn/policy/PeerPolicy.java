package io.edgeway.turn.policy;
import java.net.InetAddress;
import java.util.List;
public final class PeerPolicy {
    public static PeerPolicy of(List<String> a, List<String> d, List<InetAddress> own, int min, int max) { return new PeerPolicy(); }
    public static InetAddress canonicalize(InetAddress a) { return a; }
    public boolean permitsAddress(InetAddress a) { return true; }
    public boolean permits(InetAddress a, int port) { return true; }
}
