package io.edgeway.bench.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The TURN load harness command: drives any TURN server on this machine (Edgeway, coturn, ...) with N
 * clients and reports throughput, loss, round-trip latency, allocation rate and the server's CPU and
 * memory. See {@code bench/README.md} for examples.
 */
@Command(name = "turnload", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loads a TURN server on loopback: N clients over UDP, TCP or TLS relay data to an echo peer "
                + "of the harness's own (ChannelData or Send indications), or hold many allocations.",
            "Every run is bounded in clients and time and deletes its allocations at the end."})
public final class TurnLoad implements Callable<Integer> {

    @Option(names = "--server", required = true, paramLabel = "host:port",
            description = "TURN server address (loopback only), e.g. 127.0.0.1:3478.")
    String server;

    @Option(names = "--transport", defaultValue = "udp", paramLabel = "udp|tcp|tls",
            description = "Client transport. TLS trusts any certificate. Default: ${DEFAULT-VALUE}.")
    String transport;

    @Option(names = "--mode", defaultValue = "channel", paramLabel = "channel|send",
            description = "ChannelData on a bound channel, or Send indications. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--user", paramLabel = "name:password", description = "Static long-term user.")
    String user;

    @Option(names = "--auth-secret", paramLabel = "secret",
            description = "TURN REST shared secret: each client mints its own time-limited username.")
    String authSecret;

    @Option(names = "--clients", defaultValue = "10", description = "Clients (allocations). Default: ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--size", defaultValue = "172", paramLabel = "bytes",
            description = "Application payload bytes per packet (>= 16). Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--rate", defaultValue = "50", paramLabel = "pps",
            description = "Packets per second per client; 0 sends unpaced (closed loop, --window in flight). "
                    + "Default: ${DEFAULT-VALUE} (audio).")
    int rate;

    @Option(names = "--window", defaultValue = "8", description = "Unpaced: packets in flight per client. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "seconds", description = "Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "seconds",
            description = "Measurement window. Default: ${DEFAULT-VALUE}.")
    int duration;

    @Option(names = "--allocation-rate", defaultValue = "500", paramLabel = "per-second",
            description = "New allocations per second during setup. Default: ${DEFAULT-VALUE}.")
    int allocationRate;

    @Option(names = "--source-ips", defaultValue = "250", paramLabel = "count",
            description = "Spread clients over this many loopback source addresses 127.1.x.y. Default: ${DEFAULT-VALUE}.")
    int sourceIps;

    @Option(names = "--threads", defaultValue = "1", description = "Harness event loops. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "pid",
            description = "Server process for CPU time (/proc/<pid>/stat) and memory (/proc/<pid>/status, jcmd).")
    long serverPid;

    @Option(names = "--hold", defaultValue = "0", paramLabel = "allocations",
            description = "Hold scenario: open this many allocations, keep them with Refresh, send no data.")
    int hold;

    @Option(names = "--hold-time", defaultValue = "10", paramLabel = "seconds", description = "Default: ${DEFAULT-VALUE}.")
    int holdTime;

    @Option(names = "--refresh-interval", defaultValue = "5", paramLabel = "seconds",
            description = "Hold: seconds between Refresh requests of each allocation. Default: ${DEFAULT-VALUE}.")
    int refreshInterval;

    @Option(names = "--lifetime", defaultValue = "600", paramLabel = "seconds",
            description = "LIFETIME asked for in Allocate and Refresh. Default: ${DEFAULT-VALUE}.")
    int lifetime;

    @Option(names = "--no-gc", description = "Hold: do not run a full GC in the server JVM to measure live heap.")
    boolean noGc;

    @Option(names = "--json", paramLabel = "file", description = "Also write the report as JSON.")
    Path json;

    @Option(names = "--label", defaultValue = "turnload", description = "Name of the run in the report.")
    String label;

    @Option(names = "--quiet", description = "No progress lines or table.")
    boolean quiet;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TurnLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        LoadOptions options = toOptions();
        LoadReport report = LoadRun.run(options, System.out);
        if (json != null) {
            report.writeJson(json);
        }
        return report.setup().ready() > 0 ? 0 : 2;
    }

    LoadOptions toOptions() throws UnknownHostException {
        LoadOptions options = new LoadOptions()
                .label(label)
                .server(parseAddress(server))
                .transport(LoadOptions.Transport.valueOf(transport.toUpperCase(java.util.Locale.ROOT)))
                .mode(LoadOptions.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)))
                .clients(clients)
                .payloadSize(size)
                .ratePerClient(rate)
                .window(window)
                .warmup(Duration.ofSeconds(warmup))
                .duration(Duration.ofSeconds(duration))
                .allocationRate(allocationRate)
                .sourceIps(sourceIps)
                .threads(threads)
                .serverPid(serverPid)
                .holdAllocations(hold)
                .holdTime(Duration.ofSeconds(holdTime))
                .refreshInterval(Duration.ofSeconds(refreshInterval))
                .lifetimeSeconds(lifetime)
                .heapAfterGc(!noGc)
                .progress(!quiet);
        if (user != null) {
            int colon = user.indexOf(':');
            if (colon <= 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--user must be name:password");
            }
            options.user(user.substring(0, colon), user.substring(colon + 1));
        }
        if (authSecret != null) {
            options.authSecret(authSecret);
        }
        return options.validate();
    }

    /** host:port, or [v6]:port. */
    static InetSocketAddress parseAddress(String text) throws UnknownHostException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port, got " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
    }
}
