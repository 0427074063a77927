package io.edgeway.turn.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second host for an interop test: a network namespace joined to this one by a veth pair, so that a
 * program started inside it ({@link #wrap}, {@link #runInside}) reaches this host's servers only over that
 * pair, on a link the test controls: what this host sends into the namespace can be rate-limited with a
 * token bucket ({@link #shapeToInside}, tc's {@code tbf}) and changed while the test runs.
 *
 * <p>Names: the namespace is {@code <name>}, the pair's ends {@code <name>h} here and {@code <name>n}
 * inside (interface names are at most 15 characters, so {@code name} at most 14). The caller gives
 * a name starting with its own prefix and the two IPv4 addresses of a /30 no other test uses; RFC 2544's
 * benchmarking range (198.18.0.0/15), which no real network routes, is the place for them. Needs root
 * and {@code ip} and {@code tc} (iproute2); missing, the test fails. Nothing of this host's own routing
 * or firewall changes: the shaping sits on the pair's own end. {@link #close} deletes the namespace and
 * both ends; a namespace of the same name left by a killed run is deleted first. Used by one test thread.
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    /** How long the token bucket queues what exceeds the rate before dropping it: a home router's buffer. */
    static final int QUEUE_MILLIS = 200;
    /**
     * The bucket holds one full-size packet with room to spare (smaller, it would drop every such packet),
     * and little more: a bucket of several packets lets a short burst, a bandwidth probe's say, through at
     * line rate, which is a different link. Also the peak-rate bucket's size.
     */
    static final int MIN_BURST_BYTES = 1600;

    private final String name;
    private final String hostSide;
    private final String insideSide;
    private final InetAddress hostAddress;
    private final InetAddress insideAddress;
    private final Path work;
    private final Path ip;
    private final Path tc;

    private NetworkNamespace(String name, InetAddress hostAddress, InetAddress insideAddress, Path work) {
        if (name.length() > 14 || !name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a namespace name is 1-14 of a-z 0-9 -: " + name);
        }
        if (!(hostAddress instanceof Inet4Address) || !(insideAddress instanceof Inet4Address)) {
            throw new IllegalArgumentException("IPv4 addresses of one /30: " + hostAddress + " " + insideAddress);
        }
        this.name = name;
        this.hostSide = name + "h";
        this.insideSide = name + "n";
        this.hostAddress = hostAddress;
        this.insideAddress = insideAddress;
        this.work = work;
        this.ip = RealPeers.executable("ip", "iproute2");
        this.tc = RealPeers.executable("tc", "iproute2");
    }

    /** Creates the namespace and the pair, both ends up with their addresses (a /30), and loopback inside. */
    public static NetworkNamespace create(String name, InetAddress hostAddress, InetAddress insideAddress, Path work) {
        NetworkNamespace n = new NetworkNamespace(name, hostAddress, insideAddress, work);
        n.deleteLeftovers();
        try {
            n.run("netns-add", n.ip.toString(), "netns", "add", name);
            n.run("veth", n.ip.toString(), "link", "add", n.hostSide, "type", "veth", "peer", "name", n.insideSide);
            // No IPv6 link-local addresses on the pair: each would finish its duplicate address detection a
            // second or two after the link came up, an address change of the kind Chromium (inside or on this
            // host) answers by abandoning requests in flight with net::ERR_NETWORK_CHANGED. A precaution: no
            // run has been seen failing from this one (openPage in the meeting scripts retries such loads).
            n.run("host-no-ipv6", n.ip.toString(), "link", "set", n.hostSide, "addrgenmode", "none");
            n.run("veth-move", n.ip.toString(), "link", "set", n.insideSide, "netns", name);
            n.run("host-address", n.ip.toString(), "addr", "add", hostAddress.getHostAddress() + "/30", "dev", n.hostSide);
            n.run("host-up", n.ip.toString(), "link", "set", n.hostSide, "up");
            // (moving the inside end to the namespace resets its mode)
            n.mustRunInside("inside-no-ipv6", n.ip.toString(), "link", "set", n.insideSide, "addrgenmode", "none");
            n.mustRunInside("inside-address", n.ip.toString(), "addr", "add", insideAddress.getHostAddress() + "/30",
                    "dev", n.insideSide);
            n.mustRunInside("inside-up", n.ip.toString(), "link", "set", n.insideSide, "up");
            n.mustRunInside("lo-up", n.ip.toString(), "link", "set", "lo", "up");
        } catch (RuntimeException | Error e) {
            n.close();
            throw e;
        }
        return n;
    }

    /**
     * Limits what this host sends into the namespace to {@code bitsPerSecond}, as a slow access link does: a
     * token bucket on this host's end of the pair that queues up to {@link #QUEUE_MILLIS} of excess and
     * drops the rest, and whose peak rate (a second bucket of one packet, 5% above the rate) spaces even a
     * burst's packets as the link would serialise them. Called again, it changes the rate in place.
     */
    public void shapeToInside(long bitsPerSecond) {
        List<String> command = shapeToInsideCommand(bitsPerSecond);
        run("tc-" + bitsPerSecond, command.toArray(new String[0]));
    }

    /** The command {@link #shapeToInside} runs, for a script that changes the link at a moment of its own. */
    public List<String> shapeToInsideCommand(long bitsPerSecond) {
        if (bitsPerSecond < 8_000) {
            throw new IllegalArgumentException("rate below 8 kbit/s: " + bitsPerSecond);
        }
        // 20 ms worth of tokens, but at least one full-size packet.
        long burst = Math.max(MIN_BURST_BYTES, bitsPerSecond / 8 / 50);
        return List.of(tc.toString(), "qdisc", "replace", "dev", hostSide, "root", "tbf", "rate", bitsPerSecond + "bit",
                "burst", Long.toString(burst), "latency", QUEUE_MILLIS + "ms", "peakrate", bitsPerSecond * 21 / 20 + "bit",
                "mtu", Integer.toString(MIN_BURST_BYTES));
    }

    /** {@code tc -s qdisc show} of this host's end: what the shaping sent, dropped and held back. */
    public String trafficControlStatistics() {
        ExternalProcess.Result r = ExternalProcess.runToEnd(List.of(tc.toString(), "-s", "qdisc", "show", "dev", hostSide),
                work.resolve(name + "-tc-show.log"), COMMAND_TIMEOUT, Map.of());
        return r.output().strip();
    }

    /**
     * A launcher script that runs {@code executable} with its arguments inside the namespace; the
     * program's pipes and environment pass through unchanged (a browser driven over its pipes stays driven).
     */
    public Path wrap(Path executable) {
        Path script = work.resolve(name + "-" + executable.getFileName() + ".sh");
        String body = "#!/bin/sh\nexec " + ip + " netns exec " + name + " " + executable + " \"$@\"\n";
        try {
            Files.writeString(script, body);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }

    /** Runs {@code command} inside the namespace to its end; its exit code and output. */
    public ExternalProcess.Result runInside(String label, Duration timeout, String... command) {
        List<String> all = new ArrayList<>(List.of(ip.toString(), "netns", "exec", name));
        all.addAll(List.of(command));
        return ExternalProcess.runToEnd(all, work.resolve(name + "-" + label + ".log"), timeout, Map.of());
    }

    /** Runs {@code command} inside the namespace to its end; fails the test unless it exits 0. */
    public void mustRunInside(String label, String... command) {
        List<String> all = new ArrayList<>(List.of(ip.toString(), "netns", "exec", name));
        all.addAll(List.of(command));
        run(label, all.toArray(new String[0]));
    }

    /** This host's address on the pair: where servers the namespace reaches listen. */
    public InetAddress hostAddress() {
        return hostAddress;
    }

    /** The namespace's address on the pair. */
    public InetAddress insideAddress() {
        return insideAddress;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        deleteLeftovers();
    }

    private void deleteLeftovers() {
        // Deleting the namespace destroys its end of the pair, and with it this host's end (and the shaping).
        ExternalProcess.runToEnd(List.of(ip.toString(), "netns", "del", name), work.resolve(name + "-del.log"),
                COMMAND_TIMEOUT, Map.of());
        ExternalProcess.runToEnd(List.of(ip.toString(), "link", "del", hostSide), work.resolve(name + "-link-del.log"),
                COMMAND_TIMEOUT, Map.of());
    }

    private void run(String label, String... command) {
        ExternalProcess.Result r = ExternalProcess.runToEnd(List.of(command), work.resolve(name + "-" + label + ".log"),
                COMMAND_TIMEOUT, Map.of());
        if (r.exitCode() != 0) {
            throw new AssertionError("network step " + label + " failed (exit " + r.exitCode() + "): "
                    + String.join(" ", command) + "\n" + r.output());
        }
    }
}
