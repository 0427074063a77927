package io.edgeway.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a process's CPU time and memory from Linux's /proc, and a JVM's heap through {@code jcmd}.
 *
 * <ul>
 *   <li>CPU: {@code utime + stime} of {@code /proc/<pid>/stat} (fields 14 and 15, in clock ticks of
 *       {@code getconf CLK_TCK}), all threads of the process together; {@code stime} alone for the part
 *       spent in the kernel.</li>
 *   <li>Memory: {@code VmRSS} and {@code VmHWM} (peak RSS) of {@code /proc/<pid>/status}.</li>
 *   <li>Heap: {@code jcmd <pid> GC.heap_info}, the "used" figure of the heap lines (G1: one line;
 *       Parallel/Serial: young plus old); optionally after {@code jcmd <pid> GC.run}, which leaves only
 *       live objects. Only for a JVM the current user may attach to.</li>
 * </ul>
 * Every reader returns -1 when the value cannot be read. Thread-safe (stateless apart from the pid).
 */
public final class ServerProbe {

    private static final Pattern HEAP_LINE = Pattern.compile("^\\s*(\\S.*?)\\s+total (\\d+)K, used (\\d+)K");
    private static final long CLOCK_TICKS = clockTicks();

    private final long pid;

    public ServerProbe(long pid) {
        this.pid = pid;
    }

    public static ServerProbe self() {
        return new ServerProbe(ProcessHandle.current().pid());
    }

    public long pid() {
        return pid;
    }

    /** CPU seconds used so far by every thread of the process (user + system), or -1. */
    public double cpuSeconds() {
        return statTicks(true);
    }

    /**
     * CPU seconds spent so far in the kernel on behalf of the process ({@code stime}), or -1: for a relay,
     * mostly the network stack's own per-datagram work, which no user-space change removes.
     */
    public double systemCpuSeconds() {
        return statTicks(false);
    }

    private double statTicks(boolean withUser) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) may contain spaces; fields are counted after its closing ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = (withUser ? Long.parseLong(fields[11]) : 0) + Long.parseLong(fields[12]);
            return ticks / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU seconds so far per thread name ({@code comm} of {@code /proc/<pid>/task/<tid>/stat}, user +
     * system), threads of the same name added up; empty when unreadable. Tells which event loop (or GC,
     * JIT, handshake pool) spent the time.
     */
    public java.util.Map<String, Double> threadCpuSeconds() {
        java.util.Map<String, Double> byName = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
                    byName.merge(name, seconds, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException e) {
            return byName;
        }
        return byName;
    }

    /**
     * Datagrams the kernel dropped so far on full receive buffers of this process's own UDP sockets:
     * the {@code drops} column of {@code /proc/<pid>/net/udp} and {@code udp6} (the process's network
     * namespace) for the socket inodes among its {@code /proc/<pid>/fd}; -1 when unreadable.
     */
    public long udpDrops() {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException | RuntimeException gone) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        long drops = 0;
        for (String table : new String[] {"udp", "udp6"}) {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
                for (int i = 1; i < lines.size(); i++) {
                    String[] f = lines.get(i).trim().split("\\s+");
                    // sl local rem st tx:rx tr:tm retrnsmt uid timeout inode ref pointer drops
                    if (f.length >= 13 && inodes.contains(f[9])) {
                        drops += Long.parseLong(f[f.length - 1]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table in this namespace
            }
        }
        return drops;
    }

    /** Resident set size in bytes, or -1. */
    public long rssBytes() {
        return bytes(statusKilobytes("VmRSS:"));
    }

    /** Peak resident set size in bytes, or -1. */
    public long rssPeakBytes() {
        return bytes(statusKilobytes("VmHWM:"));
    }

    private static long bytes(long kilobytes) {
        return kilobytes < 0 ? -1 : kilobytes * 1024;
    }

    private long statusKilobytes(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Whether the process is a JVM (its executable is named java). */
    public boolean isJvm() {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).getFileName().toString()
                    .startsWith("java");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Heap in use in bytes per {@code jcmd GC.heap_info} (after a full GC when asked), or -1. */
    public long heapUsedBytes(boolean afterFullGc) {
        if (!isJvm()) {
            return -1;
        }
        if (afterFullGc && jcmd("GC.run") == null) {
            return -1;
        }
        String info = jcmd("GC.heap_info");
        return info == null ? -1 : parseHeapUsed(info);
    }

    /** Sums the "used" of the heap lines of a {@code GC.heap_info} answer (not Metaspace). */
    static long parseHeapUsed(String info) {
        long usedKb = 0;
        boolean found = false;
        for (String line : info.split("\n")) {
            Matcher m = HEAP_LINE.matcher(line);
            if (m.find() && !m.group(1).startsWith("Metaspace") && !m.group(1).startsWith("class space")) {
                usedKb += Long.parseLong(m.group(3));
                found = true;
            }
        }
        return found ? usedKb * 1024 : -1;
    }

    /** Runs {@code jcmd <pid> command...} and returns its output, or null when it failed. */
    public String jcmd(String... command) {
        List<String> argv = new ArrayList<>(List.of(jcmdPath(), Long.toString(pid)));
        argv.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                return null;
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** jcmd next to the running JVM, else from the PATH. */
    private static String jcmdPath() {
        Path sibling = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(sibling) ? sibling.toString() : "jcmd";
    }

    private static long clockTicks() {
        try {
            Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            process.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
