package io.edgeway.signaling.app;

import io.edgeway.turn.interop.ExternalProcess;
import io.edgeway.turn.interop.RealPeers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A locked-down network for a browser: a network namespace {@code ew16-<name>} joined to this host by a
 * veth pair ({@code ew16-<name>h} here, {@code ew16-<name>n} inside) on a /30 of 198.18.16.0/24 (RFC
 * 2544's benchmarking range, which no real network routes), whose nftables output chain drops everything
 * except TCP to one port of the host side (and loopback): no UDP, no DNS, no other destination. The rule
 * set lives inside the namespace; the host's own firewall is never touched.
 *
 * <p>{@link #wrap} makes a launcher that runs a program inside the namespace ({@code ip netns exec}), so
 * a browser started through it has only that way out while the test drives it over its pipes. Needs root,
 * {@code ip} (iproute2) and {@code nft} (nftables); missing, the test fails. {@link #close} deletes the
 * namespace and both ends of the pair; a namespace of the same name left by a killed run is deleted first.
 */
final class FirewalledNetwork implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private final String namespace;
    private final String hostSide;
    private final InetAddress hostAddress;
    private final InetAddress insideAddress;
    private final Path work;
    private final Path ip;

    private FirewalledNetwork(String name, int subnet, Path work) {
        this.namespace = "ew16-" + name;
        this.hostSide = "ew16-" + name + "h";
        this.hostAddress = address(198, 18, 16, 4 * subnet + 1);
        this.insideAddress = address(198, 18, 16, 4 * subnet + 2);
        this.work = work;
        this.ip = RealPeers.executable("ip", "iproute2");
    }

    /**
     * Creates the namespace and the veth pair, up, with addresses; nothing is blocked yet.
     *
     * @param name   a short name, at most 8 characters (interface names are at most 15)
     * @param subnet which /30 of 198.18.16.0/24 (0-63), distinct per network that exists at once
     */
    static FirewalledNetwork create(String name, int subnet, Path work) {
        FirewalledNetwork n = new FirewalledNetwork(name, subnet, work);
        n.deleteLeftovers();
        String inside = "ew16-" + name + "n";
        String host = n.hostAddress.getHostAddress() + "/30";
        String in = n.insideAddress.getHostAddress() + "/30";
        try {
            n.run("netns-add", n.ip.toString(), "netns", "add", n.namespace);
            n.run("veth", n.ip.toString(), "link", "add", n.hostSide, "type", "veth", "peer", "name", inside);
            n.run("veth-move", n.ip.toString(), "link", "set", inside, "netns", n.namespace);
            n.run("host-address", n.ip.toString(), "addr", "add", host, "dev", n.hostSide);
            n.run("host-up", n.ip.toString(), "link", "set", n.hostSide, "up");
            n.inside("inside-address", n.ip.toString(), "addr", "add", in, "dev", inside);
            n.inside("inside-up", n.ip.toString(), "link", "set", inside, "up");
            n.inside("lo-up", n.ip.toString(), "link", "set", "lo", "up");
        } catch (RuntimeException | Error e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** From now on the namespace reaches only TCP {@code port} on the host side (and its own loopback). */
    void allowOnlyTcpTo(int port) {
        Path nft = RealPeers.executable("nft", "nftables");
        Path rules = work.resolve(namespace + ".nft");
        String ruleset = String.join("\n",
                "table inet ew16_firewall {",
                "  chain output {",
                "    type filter hook output priority 0; policy drop;",
                "    oif \"lo\" accept",
                "    ct state established,related accept",
                "    ip daddr " + hostAddress.getHostAddress() + " tcp dport " + port + " accept",
                "  }",
                "}",
                "");
        try {
            Files.writeString(rules, ruleset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        inside("nft", nft.toString(), "-f", rules.toString());
    }

    /**
     * A launcher script that runs {@code executable} with its arguments inside the namespace; the
     * program's pipes and environment pass through unchanged.
     */
    Path wrap(Path executable) {
        Path script = work.resolve(namespace + "-" + executable.getFileName() + ".sh");
        String body = "#!/bin/sh\nexec " + ip + " netns exec " + namespace + " " + executable + " \"$@\"\n";
        try {
            Files.writeString(script, body);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }

    /** Runs {@code command} inside the namespace to its end; its exit code and output. */
    ExternalProcess.Result runInside(String label, Duration timeout, String... command) {
        List<String> all = new ArrayList<>(List.of(ip.toString(), "netns", "exec", namespace));
        all.addAll(List.of(command));
        return ExternalProcess.runToEnd(all, work.resolve(namespace + "-" + label + ".log"), timeout, Map.of());
    }

    /** The host side's address: where servers the namespace may reach listen. */
    InetAddress hostAddress() {
        return hostAddress;
    }

    /** The namespace side's address. */
    InetAddress insideAddress() {
        return insideAddress;
    }

    String namespace() {
        return namespace;
    }

    @Override
    public void close() {
        deleteLeftovers();
    }

    private void deleteLeftovers() {
        // Deleting the namespace destroys its end of the pair, and with it the host end.
        ExternalProcess.runToEnd(List.of(ip.toString(), "netns", "del", namespace),
                work.resolve(namespace + "-del.log"), COMMAND_TIMEOUT, Map.of());
        ExternalProcess.runToEnd(List.of(ip.toString(), "link", "del", hostSide),
                work.resolve(namespace + "-link-del.log"), COMMAND_TIMEOUT, Map.of());
    }

    private void inside(String label, String... command) {
        List<String> all = new ArrayList<>(List.of(ip.toString(), "netns", "exec", namespace));
        all.addAll(List.of(command));
        run(label, all.toArray(new String[0]));
    }

    private void run(String label, String... command) {
        ExternalProcess.Result r = ExternalProcess.runToEnd(List.of(command),
                work.resolve(namespace + "-" + label + ".log"), COMMAND_TIMEOUT, Map.of());
        if (r.exitCode() != 0) {
            throw new AssertionError("network set-up step " + label + " failed (exit " + r.exitCode() + "): "
                    + String.join(" ", command) + "\n" + r.output());
        }
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
