package io.edgeway.signaling.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair: a "server" host with an address that stands for a public
 * one and a "client" host that is someone else on the network. A process started in the server namespace
 * with {@link #inServer} may bind the product's default ports (3478, 8080, ...): the namespace is its own,
 * nothing else listens there. Names carry the prefix {@code ew10} and this JVM's pid, so parallel runs do
 * not collide; {@link #close} removes both namespaces (which removes the veth pair).
 *
 * <p>Needs root (CI runs as root). A failure to create the network fails the test, loudly.
 */
public final class TwoHostNetwork implements AutoCloseable {

    /** The server's address (a documentation prefix, inside the namespaces only: nothing leaves them). */
    public static final String SERVER_IP = "203.0.113.10";
    public static final String CLIENT_IP = "203.0.113.20";

    private final String server;
    private final String client;

    private TwoHostNetwork(String server, String client) {
        this.server = server;
        this.client = client;
    }

    /** Creates both namespaces with loopback up and the veth pair addressed. */
    public static TwoHostNetwork create() throws IOException, InterruptedException {
        String tag = "ew10" + (ProcessHandle.current().pid() % 100000);
        TwoHostNetwork net = new TwoHostNetwork(tag + "-srv", tag + "-cli");
        try {
            net.run("ip", "netns", "add", net.server);
            net.run("ip", "netns", "add", net.client);
            net.run("ip", "link", "add", tag + "s", "type", "veth", "peer", "name", tag + "c");
            net.run("ip", "link", "set", tag + "s", "netns", net.server);
            net.run("ip", "link", "set", tag + "c", "netns", net.client);
            net.run("ip", "-n", net.server, "addr", "add", SERVER_IP + "/24", "dev", tag + "s");
            net.run("ip", "-n", net.client, "addr", "add", CLIENT_IP + "/24", "dev", tag + "c");
            for (String[] link : new String[][] {{net.server, tag + "s"}, {net.server, "lo"}, {net.client, tag + "c"},
                    {net.client, "lo"}}) {
                net.run("ip", "-n", link[0], "link", "set", link[1], "up");
            }
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    /** {@code command} as it runs inside the server namespace. */
    public List<String> inServer(List<String> command) {
        return in(server, command);
    }

    /** {@code command} as it runs inside the client namespace. */
    public List<String> inClient(List<String> command) {
        return in(client, command);
    }

    private static List<String> in(String namespace, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    /** Runs {@code command} to its end (at most 20 s) and returns exit code and output. */
    public static Result exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after 20 s: " + command);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Exit code and merged output of a finished command. */
    public record Result(int exitCode, String output) {
    }

    private void run(String... command) throws IOException, InterruptedException {
        Result r = exec(List.of(command));
        if (r.exitCode() != 0) {
            throw new IOException("network namespace setup failed (root is needed): " + String.join(" ", command)
                    + " -> exit " + r.exitCode() + ": " + r.output().trim());
        }
    }

    @Override
    public void close() throws IOException {
        for (String namespace : List.of(server, client)) {
            try {
                exec(List.of("ip", "netns", "delete", namespace));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
