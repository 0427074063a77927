package io.edgeway.signaling.app;

import io.edgeway.turn.interop.ExternalProcess;
import io.edgeway.turn.interop.NetworkNamespace;
import io.edgeway.turn.interop.RealPeers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A locked-down network for a browser: a {@link NetworkNamespace} {@code ew16-<name>} joined to this host
 * by a veth pair on a /30 of 198.18.16.0/24 (RFC 2544's benchmarking range, which no real network routes),
 * whose nftables output chain drops everything except TCP to one port of the host side (and loopback): no
 * UDP, no DNS, no other destination. The rule set lives inside the namespace; the host's own firewall is
 * never touched.
 *
 * <p>{@link #wrap} makes a launcher that runs a program inside the namespace ({@code ip netns exec}), so
 * a browser started through it has only that way out while the test drives it over its pipes. Needs root,
 * {@code ip} (iproute2) and {@code nft} (nftables); missing, the test fails. {@link #close} deletes the
 * namespace and both ends of the pair; a namespace of the same name left by a killed run is deleted first.
 */
final class FirewalledNetwork implements AutoCloseable {

    private final NetworkNamespace namespace;
    private final Path work;

    private FirewalledNetwork(NetworkNamespace namespace, Path work) {
        this.namespace = namespace;
        this.work = work;
    }

    /**
     * Creates the namespace and the veth pair, up, with addresses; nothing is blocked yet.
     *
     * @param name   a short name, at most 8 characters (interface names are at most 15)
     * @param subnet which /30 of 198.18.16.0/24 (0-63), distinct per network that exists at once
     */
    static FirewalledNetwork create(String name, int subnet, Path work) {
        return new FirewalledNetwork(NetworkNamespace.create("ew16-" + name, address(198, 18, 16, 4 * subnet + 1),
                address(198, 18, 16, 4 * subnet + 2), work), work);
    }

    /** From now on the namespace reaches only TCP {@code port} on the host side (and its own loopback). */
    void allowOnlyTcpTo(int port) {
        Path nft = RealPeers.executable("nft", "nftables");
        Path rules = work.resolve(namespace.name() + ".nft");
        String ruleset = String.join("\n",
                "table inet ew16_firewall {",
                "  chain output {",
                "    type filter hook output priority 0; policy drop;",
                "    oif \"lo\" accept",
                "    ct state established,related accept",
                "    ip daddr " + hostAddress().getHostAddress() + " tcp dport " + port + " accept",
                "  }",
                "}",
                "");
        try {
            Files.writeString(rules, ruleset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        namespace.mustRunInside("nft", nft.toString(), "-f", rules.toString());
    }

    /**
     * A launcher script that runs {@code executable} with its arguments inside the namespace; the
     * program's pipes and environment pass through unchanged.
     */
    Path wrap(Path executable) {
        return namespace.wrap(executable);
    }

    /** Runs {@code command} inside the namespace to its end; its exit code and output. */
    ExternalProcess.Result runInside(String label, Duration timeout, String... command) {
        return namespace.runInside(label, timeout, command);
    }

    /** The host side's address: where servers the namespace may reach listen. */
    InetAddress hostAddress() {
        return namespace.hostAddress();
    }

    /** The namespace side's address. */
    InetAddress insideAddress() {
        return namespace.insideAddress();
    }

    String namespace() {
        return namespace.name();
    }

    @Override
    public void close() {
        namespace.close();
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
