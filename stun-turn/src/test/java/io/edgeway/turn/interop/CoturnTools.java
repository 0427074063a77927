package io.edgeway.turn.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * coturn's command-line tools (Debian package {@code coturn}) as test peers: the echo peer, the
 * uclient load client, and the {@code turnserver} reference. Finding a binary fails the test when it
 * is missing. Each uclient run writes its full output to {@code target/interop/uclient/<name>.log}.
 */
public final class CoturnTools {

    static final String PACKAGE = "coturn";

    private final Path uclient;
    private final Path peer;

    private CoturnTools(Path uclient, Path peer) {
        this.uclient = uclient;
        this.peer = peer;
    }

    /** The installed tools; an AssertionError pointing at scripts/test.sh when one is missing. */
    public static CoturnTools find() {
        return new CoturnTools(
                RealPeers.executable("turnutils_uclient", PACKAGE),
                RealPeers.executable("turnutils_peer", PACKAGE));
    }

    /** coturn's own server, for {@link CoturnServerUnderTest}. */
    static Path turnserver() {
        return RealPeers.executable("turnserver", PACKAGE);
    }

    /** Starts an echo peer on a free loopback port pair; it is ready when this returns. */
    public TurnutilsPeer startPeer() {
        return TurnutilsPeer.start(peer, InteropDirs.output("uclient").resolve("turnutils_peer.log"));
    }

    /** The outcome of one uclient run: its exit code, parsed summary and log file. */
    public record UclientResult(UclientRun run, int exitCode, UclientSummary summary, String output, Path log) {

        /** What a failed assertion should show: the command's summary and the output's tail. */
        public String describe() {
            return run.name() + ": exit " + exitCode + ", " + summary + "\nlog " + log + " (tail):\n"
                    + ExternalProcess.tail(output, 25);
        }
    }

    /** Runs uclient to its end, killing it after {@code timeout}. */
    public UclientResult run(UclientRun run, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(uclient.toString());
        command.addAll(run.arguments());
        Path log = InteropDirs.output("uclient").resolve(run.name() + ".log");
        ExternalProcess.Result r = ExternalProcess.runToEnd(command, log, timeout, Map.of());
        return new UclientResult(run, r.exitCode(), UclientSummary.parse(r.output()), r.output(), log);
    }
}
