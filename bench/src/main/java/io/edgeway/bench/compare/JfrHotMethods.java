package io.edgeway.bench.compare;

import java.io.IOException;
import java.nio.file.Path;
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
 * Where the server's event loops spent their time, from a JFR recording: the top frames of
 * {@code jdk.ExecutionSample} (threads running Java code) and of {@code jdk.NativeMethodSample}
 * (threads inside a native call: the epoll wait, sendmsg/recvmmsg and the other syscalls), for threads
 * whose name starts with a prefix. A quick look, not a profiler: JFR samples Java threads every 10-20 ms
 * and native ones every 20 ms under the "profile" settings.
 */
final class JfrHotMethods {

    private JfrHotMethods() {
    }

    static String summarize(Path recording, String threadPrefix, int top) throws IOException {
        Map<String, Integer> javaTop = new HashMap<>();
        Map<String, Integer> javaGroups = new HashMap<>();
        Map<String, Integer> nativeTop = new HashMap<>();
        int javaSamples = 0;
        int nativeSamples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                boolean java = type.equals("jdk.ExecutionSample");
                if (!java && !type.equals("jdk.NativeMethodSample")) {
                    continue;
                }
                RecordedThread thread = event.getThread("sampledThread");
                if (thread == null || thread.getJavaName() == null || !thread.getJavaName().startsWith(threadPrefix)) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                RecordedFrame frame = stack.getFrames().get(0);
                String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                if (java) {
                    javaSamples++;
                    javaTop.merge(method, 1, Integer::sum);
                    javaGroups.merge(group(stack), 1, Integer::sum);
                } else {
                    nativeSamples++;
                    nativeTop.merge(method, 1, Integer::sum);
                }
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "JFR %s, threads %s*: %d Java samples, %d native samples%n",
                recording.getFileName(), threadPrefix, javaSamples, nativeSamples));
        s.append("Java samples by the first Edgeway or Netty frame on the stack:\n");
        appendTop(s, javaGroups, javaSamples, top);
        s.append("Java samples by top frame:\n");
        appendTop(s, javaTop, javaSamples, top);
        s.append("Native samples by top frame:\n");
        appendTop(s, nativeTop, nativeSamples, top);
        return s.toString();
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
