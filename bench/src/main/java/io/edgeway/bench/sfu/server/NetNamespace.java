package io.edgeway.bench.sfu.server;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace with one veth pair to this namespace, for a server that will not use loopback:
 * Janus (libnice) gathers no candidates on a loopback interface, so it runs in its own namespace and
 * the generator reaches it over the veth. Addresses come from 198.18.0.0/15, the range RFC 2544 sets
 * aside for benchmark tests (special-purpose, RFC 6890), one /30 per namespace. Needs root; created
 * and removed by this class, every name starting with the given prefix.
 */
public final class NetNamespace implements AutoCloseable {

    private final String name;
    private final String hostSide;
    private final String hostAddress;
    private final String serverAddress;

    private NetNamespace(String name, String hostSide, String hostAddress, String serverAddress) {
        this.name = name;
        this.hostSide = hostSide;
        this.hostAddress = hostAddress;
        this.serverAddress = serverAddress;
    }

    /** Makes {@code <prefix><4 hex>} with veth {@code ...h} (here) and {@code ...s} (inside), both up. */
    public static NetNamespace create(String prefix) throws IOException, InterruptedException {
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        String name = prefix + String.format("%04x", id);
        if (name.length() > 14) {
            throw new IllegalArgumentException("namespace prefix too long for interface names: " + prefix);
        }
        int subnet = (id % 16000) * 4;
        String host = "198.18." + (subnet >> 8 & 0xFF) + "." + ((subnet & 0xFF) + 1);
        String server = "198.18." + (subnet >> 8 & 0xFF) + "." + ((subnet & 0xFF) + 2);
        NetNamespace ns = new NetNamespace(name, name + "h", host, server);
        try {
            run("ip", "netns", "add", name);
            run("ip", "link", "add", name + "h", "type", "veth", "peer", "name", name + "s");
            // No IPv6 link-local addresses: their duplicate address detection ends a moment after the link is up,
            // an address change of the kind that can make the Chromium probes on this host abandon requests in
            // flight (a precaution, as in the tests' NetworkNamespace).
            run("ip", "link", "set", name + "h", "addrgenmode", "none");
            run("ip", "link", "set", name + "s", "netns", name);
            run("ip", "netns", "exec", name, "ip", "link", "set", name + "s", "addrgenmode", "none");
            run("ip", "addr", "add", host + "/30", "dev", name + "h");
            run("ip", "link", "set", name + "h", "up");
            run("ip", "netns", "exec", name, "ip", "addr", "add", server + "/30", "dev", name + "s");
            run("ip", "netns", "exec", name, "ip", "link", "set", name + "s", "up");
            run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** The server side's interface name (inside the namespace). */
    public String serverInterface() {
        return name + "s";
    }

    /** This side's address: where the generator's sockets bind. */
    public String hostAddress() {
        return hostAddress;
    }

    /** The address inside the namespace: where the server listens. */
    public String serverAddress() {
        return serverAddress;
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed (root is needed for network namespaces): " + output.trim());
        }
    }

    @Override
    public void close() {
        for (List<String> argv : List.of(List.of("ip", "link", "del", hostSide), List.of("ip", "netns", "del", name))) {
            try {
                Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // best effort: it may not exist
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
