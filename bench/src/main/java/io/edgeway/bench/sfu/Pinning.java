package io.edgeway.bench.sfu;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Pins this process (every thread, and threads it starts later) to CPUs with {@code taskset}. */
final class Pinning {

    private Pinning() {
    }

    static void pinSelf(String cpus) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("taskset could not pin the generator to CPUs " + cpus + ": " + output);
        }
    }
}
