package io.edgeway.bench.sfu.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process under test, started with its output in a log file and, when asked, pinned to CPUs
 * with {@code taskset} (and run in a network namespace with {@code ip netns exec}). Stopped with
 * SIGTERM, then killed if it lingers.
 */
public final class ServerCommand implements AutoCloseable {

    private final Process process;
    private final List<String> argv;
    private final Path log;

    private ServerCommand(Process process, List<String> argv, Path log) {
        this.process = process;
        this.argv = argv;
        this.log = log;
    }

    /**
     * @param cpus a taskset CPU list ("0"), or null for none
     * @param netns a network namespace to run in, or null
     */
    public static ServerCommand start(List<String> command, String cpus, String netns, Path log) throws IOException {
        List<String> argv = new ArrayList<>();
        if (netns != null) {
            argv.addAll(List.of("ip", "netns", "exec", netns));
        }
        if (cpus != null) {
            argv.addAll(List.of("taskset", "-c", cpus));
        }
        argv.addAll(command);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerCommand(process, argv, log);
    }

    /**
     * The server's own pid: {@code ip netns exec} and {@code taskset} exec the command in the same
     * process, so it is the started process's.
     */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public String commandLine() {
        return String.join(" ", argv);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
