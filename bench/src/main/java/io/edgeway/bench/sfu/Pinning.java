package io.edgeway.bench.sfu;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Pins this process (every thread, and threads it starts later) to CPUs with {@code taskset}, and raises
 * its scheduling priority with {@code renice}: on a shared machine the generator's loop must not wait
 * behind other processes' threads for its CPU, or its own lateness voids the run.
 */
final class Pinning {

    private Pinning() {
    }

    /**
     * Renices every thread of this process (Linux: a nice value is per thread; new threads and child
     * processes, the servers this command starts, inherit it) and this process's autogroup: with
     * {@code sched_autogroup_enabled} the scheduler first shares a CPU between sessions, so a nice value
     * counts only against the other processes of the same session unless the session's group has it too.
     */
    static void reniceSelf(int nice) throws IOException, InterruptedException {
        java.nio.file.Path autogroup = java.nio.file.Path.of("/proc/self/autogroup");
        if (java.nio.file.Files.exists(autogroup)) {
            java.nio.file.Files.writeString(autogroup, Integer.toString(nice));
        }
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                Process p = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", task.getFileName().toString())
                        .redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException("renice " + nice + " failed (a negative value needs root): " + output);
                }
            }
        }
    }

    /**
     * Gives the calling thread the real-time FIFO policy at priority {@code priority} ({@code chrt}; needs
     * root). For the generator's event loop: it sleeps in epoll between packets and ticks, and when it
     * wakes it must run at once rather than wait a CFS slice behind other work on its CPU. The kernel's
     * real-time throttling (sched_rt_runtime_us) still leaves the rest of the machine its share if the
     * loop ever saturates, and a saturated loop voids the run anyway.
     */
    static void makeCallerRealtime(int priority) throws IOException, InterruptedException {
        String self = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self")).toString();
        String tid = self.substring(self.lastIndexOf('/') + 1);
        Process p = new ProcessBuilder("chrt", "-f", "-p", Integer.toString(priority), tid).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("chrt could not make the generator's loop real-time (needs root): " + output);
        }
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
