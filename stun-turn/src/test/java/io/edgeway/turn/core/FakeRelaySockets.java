package io.edgeway.turn.core;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Test fixture: "binds" relay sockets without touching the network, remembering each one, and can be
 * told to fail binding particular ports or every port, as a port held by another process would.
 *
 * <p>Confined to the test thread.
 */
public final class FakeRelaySockets implements RelaySockets {

    private final List<FakeRelayEndpoint> opened = new ArrayList<>();
    private final Set<Integer> failingPorts = new HashSet<>();
    private boolean failAll;
    private int failedAttempts;

    @Override
    public RelayEndpoint open(Allocation owner, InetAddress address, int port) {
        if (failAll || failingPorts.contains(port)) {
            failedAttempts++;
            return null;
        }
        FakeRelayEndpoint endpoint = new FakeRelayEndpoint(owner, new InetSocketAddress(address, port));
        opened.add(endpoint);
        return endpoint;
    }

    /** Every bind fails from now on (or succeeds again with false). */
    public void failAll(boolean fail) {
        this.failAll = fail;
    }

    /** Binding {@code port} fails from now on. */
    public void failPort(int port) {
        failingPorts.add(port);
    }

    public int failedAttempts() {
        return failedAttempts;
    }

    /** Every endpoint ever opened, in order. */
    public List<FakeRelayEndpoint> opened() {
        return opened;
    }

    /** The endpoint bound on {@code address} (the relayed address before external-ip mapping). */
    public FakeRelayEndpoint at(InetSocketAddress address) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            FakeRelayEndpoint endpoint = opened.get(i);
            if (endpoint.localAddress().equals(address)) {
                return endpoint;
            }
        }
        throw new AssertionError("no relay socket was opened on " + address);
    }

    public long openCount() {
        return opened.stream().filter(e -> !e.isClosed()).count();
    }

    public void releaseAll() {
        for (FakeRelayEndpoint endpoint : opened) {
            endpoint.releaseAll();
        }
    }
}
