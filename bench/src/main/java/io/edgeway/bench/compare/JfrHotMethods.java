package io.edgeway.bench.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server JVM spent its time, from a JFR recording ({@code settings=profile}):
 * <ul>
 *   <li>CPU by thread group ({@code jdk.ThreadCPULoad}, averaged): event loops vs GC vs JIT compiler;</li>
 *   <li>GC: collections and total pause ({@code jdk.GarbageCollection});</li>
 *   <li>for threads whose name starts with a prefix (the event loops): the top frames of
 *       {@code jdk.ExecutionSample} (running Java code) grouped by the innermost Edgeway or Netty frame,
 *       the top frames of {@code jdk.NativeMethodSample} (inside a native call: epoll wait, sendmmsg,
 *       recvmsg ...), and the frames that allocate most ({@code jdk.ObjectAllocationSample} weight).</li>
 * </ul>
 * A quick look, not a profiler: JFR samples Java threads every 10-20 ms and native ones every 20 ms.
 */
final class JfrHotMethods {

    private JfrHotMethods() {
    }

    static String summarize(Path recording, String threadPrefix, int top) throws IOException {
        Map<String, Integer> javaTop = new HashMap<>();
        Map<String, Integer> javaGroups = new HashMap<>();
        Map<String, Integer> nativeTop = new HashMap<>();
        Map<String, Long> allocationTop = new HashMap<>();
        Map<String, double[]> threadCpu = new HashMap<>();
        int javaSamples = 0;
        int nativeSamples = 0;
        long allocationWeight = 0;
        int collections = 0;
        Duration pauses = Duration.ZERO;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                switch (type) {
                    case "jdk.GarbageCollection":
                        collections++;
                        pauses = pauses.plus(event.getDuration("sumOfPauses"));
                        continue;
                    case "jdk.ThreadCPULoad": {
                        RecordedThread thread = event.getThread("eventThread");
                        String name = thread == null ? "?" : thread.getJavaName() != null ? thread.getJavaName()
                                : String.valueOf(thread.getOSName());
                        double load = event.getFloat("user") + event.getFloat("system");
                        double[] acc = threadCpu.computeIfAbsent(name, k -> new double[2]);
                        acc[0] += load;
                        acc[1]++;
                        continue;
                    }
                    case "jdk.ExecutionSample":
                    case "jdk.NativeMethodSample":
                    case "jdk.ObjectAllocationSample":
                        break;
                    default:
                        continue;
                }
                RecordedThread thread = event.getThread(type.equals("jdk.ObjectAllocationSample") ? "eventThread" : "sampledThread");
                if (thread == null || thread.getJavaName() == null || !thread.getJavaName().startsWith(threadPrefix)) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                RecordedFrame frame = stack.getFrames().get(0);
                String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                switch (type) {
                    case "jdk.ExecutionSample":
                        javaSamples++;
                        javaTop.merge(method, 1, Integer::sum);
                        javaGroups.merge(group(stack), 1, Integer::sum);
                        break;
                    case "jdk.NativeMethodSample":
                        nativeSamples++;
                        nativeTop.merge(method, 1, Integer::sum);
                        break;
                    default:
                        long weight = event.getLong("weight");
                        allocationWeight += weight;
                        allocationTop.merge(event.getClass("objectClass").getName() + " at " + group(stack), weight, Long::sum);
                        break;
                }
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "JFR %s%n", recording.getFileName()));
        // Each thread's average load over its readings, summed per group.
        Map<String, double[]> groups = new HashMap<>();
        threadCpu.forEach((name, acc) -> {
            double[] g = groups.computeIfAbsent(threadGroup(name), k -> new double[2]);
            g[0] += acc[0] / acc[1];
            g[1]++;
        });
        s.append("Average CPU by thread group (jdk.ThreadCPULoad; 100% = every CPU of the machine):\n");
        List<Map.Entry<String, double[]>> cpu = new ArrayList<>(groups.entrySet());
        cpu.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
        for (Map.Entry<String, double[]> e : cpu) {
            s.append(String.format(Locale.ROOT, "  %6.2f%%  %s, %d threads%n", 100 * e.getValue()[0], e.getKey(),
                    (long) e.getValue()[1]));
        }
        s.append(String.format(Locale.ROOT, "GC: %d collections, %d ms paused in total%n", collections, pauses.toMillis()));
        s.append(String.format(Locale.ROOT, "Threads %s*: %d Java samples, %d native samples%n", threadPrefix,
                javaSamples, nativeSamples));
        s.append("Java samples by the innermost Edgeway (else Netty) frame:\n");
        appendTop(s, javaGroups, javaSamples, top);
        s.append("Java samples by top frame:\n");
        appendTop(s, javaTop, javaSamples, top);
        s.append("Native samples by top frame:\n");
        appendTop(s, nativeTop, nativeSamples, top);
        s.append(String.format(Locale.ROOT, "Allocation samples (jdk.ObjectAllocationSample, %d MB sampled weight) by class and site:%n",
                allocationWeight / 1_000_000));
        Map<String, Integer> scaled = new HashMap<>();
        long unit = Math.max(1, allocationWeight / 100_000);
        allocationTop.forEach((k, v) -> scaled.put(k, (int) Math.min(Integer.MAX_VALUE, v / unit)));
        appendTop(s, scaled, (int) Math.max(1, allocationWeight / unit), top);
        return s.toString();
    }

    /** Event loops, GC workers, JIT compilers and the rest, by thread name. */
    private static String threadGroup(String name) {
        if (name.startsWith("edgeway-turn")) {
            return "event loops (edgeway-turn-*)";
        }
        if (name.startsWith("G1") || name.startsWith("GC") || name.contains("GC Thread")) {
            return "GC threads";
        }
        if (name.startsWith("C1 ") || name.startsWith("C2 ")) {
            return "JIT compiler threads";
        }
        return "other threads";
    }

    /** The innermost io.edgeway frame, else the innermost io.netty frame, else the top frame's package. */
    private static String group(RecordedStackTrace stack) {
        String netty = null;
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("io.edgeway.")) {
                return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
            }
            if (netty == null && type.startsWith("io.netty.")) {
                netty = "netty " + type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
            }
        }
        if (netty != null) {
            return netty;
        }
        String type = stack.getFrames().get(0).getMethod().getType().getName();
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    private static void appendTop(StringBuilder s, Map<String, Integer> counts, int total, int top) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (int i = 0; i < Math.min(top, entries.size()); i++) {
            Map.Entry<String, Integer> e = entries.get(i);
            s.append(String.format(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
        }
    }
}
